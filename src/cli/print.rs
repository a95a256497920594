//! Human-readable (Chinese) and JSON output for the CLI.

use std::path::Path;

use serde::Serialize;
use xinfang::Result;
use xinfang::api::{CaseList, CaseSummary};
use xinfang::api::{
    CaseView, Pending, RatesReport, RoundDone, RoundView, RoundsPlan, RoundsReport, TodaySummary,
};
use xinfang::rules::compliance::CheckReport;
use xinfang::rules::deadlines::Deadline;

pub fn json<T: Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{:.2}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

pub fn deadlines(dls: &[Deadline], as_json: bool) {
    if as_json {
        return json(&dls);
    }
    for d in dls {
        println!("{}：{} 24:00 前（{}）", d.name, d.due_date, d.status_label);
        println!("    {}", d.explanation);
        for w in &d.warnings {
            println!("    注意：{w}");
        }
    }
}

fn row(c: &CaseSummary) -> String {
    let due = match (&c.next_due, c.overdue) {
        (Some(d), true) => format!("已超期（{d}）"),
        (Some(d), false) => format!("期限 {d}"),
        (None, _) => String::new(),
    };
    format!(
        "{}  {}  {}  {}  {}  {}  {}",
        c.case_no,
        &c.arrived_at[..10.min(c.arrived_at.len())],
        c.unit,
        c.petitioner,
        c.status_label,
        due,
        c.demand.chars().take(24).collect::<String>()
    )
}

pub fn list(l: &CaseList, as_json: bool) {
    if as_json {
        return json(l);
    }
    println!("共 {} 件，显示 {} 件", l.total, l.items.len());
    for c in &l.items {
        println!("{}", row(c));
    }
}

pub fn case_view(v: &CaseView, as_json: bool) {
    if as_json {
        return json(v);
    }
    let c = &v.case;
    println!("信访件编号：{}（{}）", c.info.case_no, c.status_label);
    println!(
        "责任单位：{}  来源：{}  形式：{}  目的：{}",
        c.info.unit, c.info.source, c.info.form, c.info.purpose
    );
    println!("到达时间：{}", c.info.arrived_at.format("%Y-%m-%d %H:%M"));
    println!("主要诉求：{}", c.info.demand);
    if let Some(m) = c.method {
        println!("办理方式：{m}");
    }
    println!("期限：");
    for d in &v.deadlines {
        println!(
            "  {}：{} 24:00（{}）— {}",
            d.name, d.due_date, d.status_label, d.explanation
        );
    }
    check(&v.check, false);
}

pub fn done(v: &CaseView, what: &str, as_json: bool) -> Result<()> {
    if as_json {
        json(v);
    } else {
        println!(
            "{what}：{}（当前状态：{}）",
            v.case.info.case_no, v.case.status_label
        );
        for d in v.deadlines.iter().filter(|d| d.met_at.is_none()) {
            println!(
                "  下一期限 {}：{} 24:00（{}）",
                d.name, d.due_date, d.status_label
            );
        }
        for n in &v.notices {
            println!("  提示：{n}");
        }
    }
    Ok(())
}

pub fn check(r: &CheckReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!(
        "规范化体检 {}：{}（错误 {}，警告 {}）",
        r.case_no, r.verdict, r.errors, r.warnings
    );
    for f in &r.findings {
        println!(
            "  [{}] {}（依据：{}）",
            f.severity_label, f.message, f.source
        );
    }
}

pub fn rates(r: &RatesReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!(
        "{} 年五率（截至 {}，考核办法：{}）",
        r.year, r.as_of, r.profile
    );
    for u in std::iter::once(&r.overall).chain(r.units.iter()) {
        println!(
            "【{}】共 {} 件（{} 人次），预计得分 {:.2}",
            u.unit, u.counts.total, u.counts.people, u.score
        );
        for rate in &u.rates {
            let mark = match rate.on_target {
                Some(true) => "达标",
                Some(false) => "未达标",
                None => "无数据",
            };
            println!(
                "  {}：{}（{}/{}，{mark}）",
                rate.label,
                pct(rate.value),
                rate.numerator,
                rate.denominator
            );
        }
        if u.named_for_repeats {
            println!("  重复率超过 25%，将被通报点名。");
        }
        for i in &u.score_items {
            println!("  {}：{:+.2}", i.label, i.points);
        }
    }
}

pub fn today(s: &TodaySummary, path: &Path, as_json: bool) {
    if as_json {
        return json(s);
    }
    println!("信访工作台 — 今日概览（{}，{}）", s.date, s.day_kind);
    println!("台账：{}", path.display());
    if let Some(w) = &s.calendar_warning {
        println!("注意：{w}");
    }
    println!(
        "共 {} 件；待签收 {} 件，待受理 {} 件，办理中 {} 件。",
        s.total_cases, s.awaiting_sign, s.awaiting_decision, s.in_progress
    );
    println!("已超期 {} 件：", s.overdue.total);
    for c in &s.overdue.items {
        println!("  {}", row(c));
    }
    println!("今明两天到期 {} 件：", s.due_soon.total);
    for c in &s.due_soon.items {
        println!("  {}", row(c));
    }
    if s.total_cases == 0 {
        println!("台账还是空的。登记新件：xinfang case add --json 文件.json（字段说明见 docs/）。");
    }
}

pub fn export(r: &xinfang::exchange::ExportReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!("已导出 {} 件到 {}（{}）", r.cases, r.file, r.format);
    if r.overdue > 0 {
        println!("其中超期 {} 件（表中以红色标出）", r.overdue);
    }
    if r.masked > 0 {
        println!("检举控告件 {} 件，信访人信息已隐去", r.masked);
    }
    println!("列：{}", r.columns.join("、"));
}

pub fn import(r: &xinfang::exchange::ImportReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!(
        "文件：{}（工作表“{}”{}），表头在第 {} 行",
        r.file,
        r.sheet,
        r.encoding
            .map(|e| format!("，编码 {e}"))
            .unwrap_or_default(),
        r.header_row
    );
    println!("列对应：");
    for c in &r.columns {
        let target = match (c.field_label, c.ignored) {
            (Some(l), false) if c.near => format!("{l}（近似匹配，请核对；可用 --map 改）"),
            (Some(l), false) => l.to_string(),
            (Some(l), true) => format!("{l}（由台账计算，不导入）"),
            (None, _) => "（未识别，不导入）".to_string(),
        };
        println!("  {} {} → {}", c.column, c.header, target);
    }
    if let Some(u) = r
        .default_unit
        .as_ref()
        .filter(|_| r.needs_defaults.contains(&xinfang::exchange::Field::Unit))
    {
        let from = match u.from {
            "title" => "标题行中的填报单位",
            "ledger" => "台账中唯一的单位",
            _ => "--unit",
        };
        println!("缺省责任单位：{}（来自{from}）", u.name);
    }
    println!(
        "读取 {} 行（空行 {} 行）：新增 {} 件，更新 {} 件，跳过已存在 {} 件，跳过其他 {} 行",
        r.rows,
        r.blank_rows,
        r.to_add,
        r.to_update,
        r.skipped_existing.len(),
        r.skipped.iter().filter(|s| s.kind != "blank").count()
    );
    if r.split_cells > 0 || r.kept_as_note > 0 {
        println!(
            "拆分组合单元格 {} 处，保留在备注 {} 处",
            r.split_cells, r.kept_as_note
        );
    }
    for w in &r.warnings {
        println!("提示：{w}");
    }
    if !r.preview.is_empty() {
        println!("逐行预览（共 {} 行）：", r.preview.len());
        for p in &r.preview {
            let date = &p.arrived_at[..10.min(p.arrived_at.len())];
            let dash = |s: &str| {
                if s.is_empty() {
                    "—".to_string()
                } else {
                    s.to_string()
                }
            };
            println!(
                "  第 {} 行 {} {} {} {} {} {} {} {} {}",
                p.row,
                p.action,
                dash(&p.case_no),
                dash(date),
                dash(&p.source),
                dash(&p.form),
                dash(&p.purpose),
                dash(&p.unit),
                dash(&p.petitioner),
                p.demand
            );
            if !p.defaulted.is_empty() {
                let names: Vec<&str> = p.defaulted.iter().map(|f| f.label()).collect();
                println!("      缺省：{}", names.join("、"));
            }
            for n in &p.notes {
                println!("      {n}");
            }
            for e in &p.problems {
                println!("      ✗ {}", error_line(e));
            }
        }
    }
    let skipped: Vec<_> = r.skipped.iter().filter(|s| s.kind != "blank").collect();
    if !skipped.is_empty() {
        println!("跳过的行（不是信访件，或按选择跳过）：");
        for s in skipped {
            if s.text.is_empty() {
                println!("  第 {} 行：{}", s.row, s.reason);
            } else {
                println!("  第 {} 行：{}（{}）", s.row, s.reason, s.text);
            }
        }
    }
    if r.errors_total > 0 {
        println!("错误 {} 处（各行的问题已列在上面的行下）：", r.errors_total);
        for e in r.errors.iter().filter(|e| e.row == 0) {
            println!("  {}", error_line(e));
        }
        println!(
            "  改法：在表格中改正后重新导入；或 --set 行号:列=新值 改一格，--skip-row 行号 跳过一行，\
             --keep-invalid-as-note 行号:列 把有疑问的值保留在备注，--skip-rows-with-errors 跳过所有有问题的行"
        );
    } else if r.imported {
        println!("已导入：新增 {} 件，更新 {} 件。", r.added, r.updated);
    } else if r.dry_run {
        println!("预览完成，没有发现错误；去掉 --dry-run 即可导入。");
    }
}

fn error_line(e: &xinfang::exchange::RowError) -> String {
    let at = if e.row == 0 {
        "整个文件".to_string()
    } else if e.column.is_empty() {
        format!("第 {} 行", e.row)
    } else {
        format!("第 {} 行 {} 列", e.row, e.column)
    };
    let value = if e.value.is_empty() {
        String::new()
    } else {
        format!("（“{}”）", e.value)
    };
    let keep = if e.keepable && !e.fix.contains("保留在备注") {
        "（也可保留在备注）"
    } else {
        ""
    };
    format!(
        "{at}{value}：{}。{}{keep}",
        e.problem.trim_end_matches('。'),
        e.fix
    )
}

fn hm(t: &str) -> &str {
    t.get(11..16).unwrap_or(t)
}

fn round_line(r: &RoundView) -> String {
    let mut line = format!(
        "{} {}  {}  {}",
        r.round.date,
        r.round.at.format("%H:%M"),
        r.round.label,
        r.status_label
    );
    if let Some(c) = &r.confirmed_at {
        line.push_str(&format!("（{} 确认", hm(c)));
        if let Some(n) = r.new_items {
            line.push_str(&format!("，新增 {n} 件"));
        }
        line.push('）');
    }
    line
}

pub fn rounds_plan(p: &RoundsPlan, as_json: bool) {
    if as_json {
        return json(p);
    }
    println!("{} 至 {}：共 {} 轮查看", p.from, p.to, p.rounds.len());
    for r in &p.rounds {
        println!("{}", round_line(r));
    }
    if !p.alerts.is_empty() {
        println!("期限提醒 {} 条：", p.alerts.len());
        for a in &p.alerts {
            println!("{} {}  {}", a.date, a.at.format("%H:%M"), a.message);
        }
    }
    for w in &p.warnings {
        println!("注意：{w}");
    }
}

pub fn round_done(d: &RoundDone, as_json: bool) {
    if as_json {
        return json(d);
    }
    println!("{}（{}）", d.message, d.round.status_label);
    for r in &d.also_confirmed {
        println!("同时补记：{}", round_line(r));
    }
}

pub fn rounds_report(r: &RoundsReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!(
        "{} “2+2”查看记录：应查 {} 轮，按时 {}，迟到 {}，漏查 {}，待确认 {}，未到时间 {}",
        r.month, r.planned, r.on_time, r.late, r.missed, r.open, r.upcoming
    );
    for row in &r.rows {
        println!("{}", round_line(row));
    }
    // Issue #8: printed with the report, the chain head later proves the history was kept.
    if let Some(h) = &r.chain_head {
        println!(
            "审计链头：{}（共 {} 条，最新一条 {}）",
            h.hash, h.count, h.at
        );
    }
}

pub fn pending(p: &Pending, as_json: bool) {
    if as_json {
        return json(p);
    }
    for r in &p.rounds {
        let late = if r.caught_up { "（补提醒）" } else { "" };
        println!("{}{late}", r.round.message);
    }
    if let Some(m) = &p.alert_message {
        println!("{m}");
    }
    for a in &p.alerts {
        println!("  {}", a.message);
    }
    println!("{}", p.tooltip);
}

pub fn file_report(r: &xinfang::attachments::FileReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!(
        "{}（{}，{} 字节）：{}",
        r.file_name,
        r.detected_type,
        r.size,
        if r.ok { "可以上传" } else { "需要处理" }
    );
    for p in &r.pages {
        if let Some(seal) = &p.seal {
            println!(
                "  第 {} 页：鲜章直径约 {} mm，位于距左 {} mm、距上 {} mm",
                p.page, seal.diameter_mm, seal.x_mm, seal.y_mm
            );
        }
    }
    for f in &r.findings {
        let page = f.page.map(|p| format!("第 {p} 页：")).unwrap_or_default();
        println!("  [{}] {page}{}", f.severity.label(), f.message);
    }
}

pub fn case_attachments(r: &xinfang::attachments::case::CaseAttachmentReport, as_json: bool) {
    if as_json {
        return json(r);
    }
    println!("附件检查 {}：{}", r.case_no, r.verdict);
    for f in &r.findings {
        println!("  [{}] {}", f.severity.label(), f.message);
    }
    for f in &r.files {
        file_report(f, false);
    }
}

/// Earlier cases that may be the same matter.
pub fn similar(found: &[xinfang::api::RepeatCandidate], as_json: bool) {
    if as_json {
        return json(&found);
    }
    if found.is_empty() {
        println!("未发现可能重复的在先件。");
        return;
    }
    for c in found {
        println!(
            "{}  {}  {}  {}  {}",
            c.case_no,
            c.arrived_at.get(..10).unwrap_or(&c.arrived_at),
            c.status_label,
            c.matched_by,
            c.demand
        );
    }
}

/// The 初信初访 watch list.
pub fn watch(w: &xinfang::api::WatchList, as_json: bool) {
    if as_json {
        return json(w);
    }
    println!(
        "初信初访未办结 {} 件，需关注 {} 件；已初转重 {} 件，其中信转访 {} 件。",
        w.first_open, w.on_list, w.turned_repeat, w.turned_visit
    );
    for i in &w.items {
        println!(
            "{}  {}  {}  {}：{}",
            i.case_no,
            i.unit,
            i.status_label,
            i.kind,
            i.risks.join("、")
        );
    }
}
