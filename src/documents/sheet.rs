//! 呈批/办理经过单 (issue #16 item 9): one A4 summary of a case for the leader's file —
//! registration, deadlines, handling history, documents with 文号, sign-offs, deliveries and
//! evaluation — laid out with the same GB/T 9704 machinery as the notices (a title and a
//! two-column table). Printed for anyone but the handler, a 检举控告 case has the accuser's
//! identity masked (条例 §30 ¶3). Pure: the case, its deadlines, the fonts and `now` in.

use serde::Serialize;

use super::{Composition, FontSet, MASK, layout, pdf, scrub};
use crate::domain::{Case, LeaderRole};
use crate::error::{Error, Result};
use crate::rules::deadlines::{Deadline, Duty};
use crate::time::{Time, china_date, date_zh};

/// The case sheet as written.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CaseSheet {
    #[serde(skip)]
    pub pdf: Vec<u8>,
    pub title: String,
    pub pages: usize,
    pub bytes: usize,
    /// The accuser's identity was masked (a 检举控告 case printed for someone else).
    pub masked: bool,
    /// `<信访件编号>-办理经过单.pdf`.
    pub file_name: String,
}

pub const TITLE: &str = "信访事项办理经过单";

/// "2026-09-30 16:20" in China time.
fn hm(t: &Time) -> String {
    let s = crate::time::fmt_time(t);
    format!("{} {}", &s[..10], &s[11..16])
}

fn or_dash(s: Option<&str>) -> String {
    s.filter(|s| !s.trim().is_empty())
        .unwrap_or("—")
        .to_string()
}

/// The rows of the sheet, in the order the leader reads them.
fn rows(case: &Case, deadlines: &[Deadline], masked: bool) -> Vec<(String, String)> {
    let i = &case.info;
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut row = |l: &str, c: String| rows.push((l.to_string(), c));
    // The number is printed above the title (编号：…).
    let mut source = i.source.label().to_string();
    if let Some(s) = &i.sender {
        source.push_str(&format!("（{s}"));
        if let Some(l) = i.sender_level {
            source.push_str(&format!("，{}级", l.label()));
        }
        source.push('）');
    }
    source.push_str(&format!("；到达 {}", hm(&i.arrived_at)));
    if let Some(d) = i.petition_date {
        source.push_str(&format!("；信访日期 {}", date_zh(d)));
    }
    row("来源与到达", source);
    let mut kind = format!(
        "{}；{}；{} 人",
        i.form.label(),
        i.purpose.label(),
        i.people_count()
    );
    if i.is_joint() {
        let reps: Vec<&str> = i.representatives().map(|p| p.name.as_str()).collect();
        if !reps.is_empty() {
            kind.push_str(&format!("（联名/集体，代表：{}）", reps.join("、")));
        }
    }
    row("形式、目的、人数", kind);
    let people = if masked {
        MASK.to_string()
    } else {
        i.petitioners
            .iter()
            .map(|p| {
                let mut s = p.name.clone();
                for v in [&p.id_number, &p.phone, &p.address].into_iter().flatten() {
                    s.push('，');
                    s.push_str(v);
                }
                s
            })
            .collect::<Vec<_>>()
            .join("；")
    };
    row("信访人", people);
    row("主要诉求", i.demand.clone());
    row(
        "责任单位与人员",
        format!(
            "{}；责任领导 {}；包案领导 {}；科室 {}；责任人 {}",
            i.unit,
            or_dash(i.responsible_leader.as_deref()),
            or_dash(i.case_owner_leader.as_deref()),
            or_dash(i.section.as_deref()),
            or_dash(i.handler.as_deref())
        ),
    );
    let mut repeat = match &i.repeat_of {
        Some(prev) => format!("重复信访，在先件 {prev}"),
        None if case.first_petition => "初信初访".to_string(),
        None => "否".to_string(),
    };
    if i.repeat_of.is_some() {
        let done: Vec<&str> = case
            .repeat_checklist
            .iter()
            .map(|m| m.item.label())
            .collect();
        repeat.push_str(&format!(
            "；三到位一处理：{}",
            if done.is_empty() {
                "尚未记录".to_string()
            } else {
                done.join("、")
            }
        ));
    }
    row("重复信访", repeat);
    let method = match case.method {
        Some(m) => {
            let mut s = format!(
                "{}（{}）",
                m.label(),
                case.accepted_at.as_ref().map(hm).unwrap_or_default()
            );
            if let Some(r) = &case.method_reason {
                s.push_str(&format!("；理由：{r}"));
            }
            if !case.ruled_out_routes.is_empty() {
                s.push_str(&format!(
                    "；已排除条例第三十一条第一至五项途径（{} 项）",
                    case.ruled_out_routes.len()
                ));
            }
            s
        }
        None => "尚未确定".to_string(),
    };
    row("办理方式", method);
    let dl: Vec<String> = deadlines
        .iter()
        .filter(|d| d.duty == Duty::Unit)
        .map(|d| format!("{} {}（{}）", d.name, date_zh(d.due_date), d.status_label))
        .collect();
    row(
        "期限",
        if dl.is_empty() {
            "—".into()
        } else {
            dl.join("\n")
        },
    );
    let events: Vec<String> = case
        .events
        .iter()
        .map(|e| {
            let mut s = format!("{} {}", hm(&e.at), e.label);
            if !e.detail.is_empty() {
                s.push_str(&format!("：{}", e.detail));
            }
            s
        })
        .collect();
    row("办理经过", events.join("\n"));
    let docs: Vec<String> = case
        .documents
        .iter()
        .map(|d| {
            let name = d
                .title
                .clone()
                .unwrap_or_else(|| d.kind.label().to_string());
            format!("{name} {}", d.doc_no.as_deref().unwrap_or("（无文号）"))
        })
        .collect();
    row(
        "文书及文号",
        if docs.is_empty() {
            "—".into()
        } else {
            docs.join("；")
        },
    );
    let signoffs: Vec<String> = case
        .documents
        .iter()
        .flat_map(|d| {
            d.signoffs.iter().map(move |s| {
                format!(
                    "{}：{}{} {}",
                    d.kind.label(),
                    match s.role {
                        LeaderRole::SupervisingLeader => "分管领导",
                        LeaderRole::PrincipalLeader => "主要领导",
                    },
                    s.leader,
                    hm(&s.at)
                )
            })
        })
        .collect();
    row(
        "领导签批",
        if signoffs.is_empty() {
            "—".into()
        } else {
            signoffs.join("；")
        },
    );
    let deliveries: Vec<String> = case
        .deliveries
        .iter()
        .map(|d| {
            let docs: Vec<&str> = d.documents.iter().map(|k| k.label()).collect();
            format!(
                "{} {}，{}，受送达人 {}{}",
                hm(&d.at),
                d.method.label(),
                docs.join("、"),
                d.recipient,
                if d.receipt_signed {
                    "，回证已签收"
                } else {
                    ""
                }
            )
        })
        .collect();
    row(
        "送达",
        if deliveries.is_empty() {
            "—".into()
        } else {
            deliveries.join("；")
        },
    );
    let eval = match (case.evaluation, case.evaluated_at) {
        (Some(e), Some(at)) => format!("{}（{}）", e.label(), hm(&at)),
        (Some(e), None) => e.label().to_string(),
        _ => "尚未评价".to_string(),
    };
    row("满意度评价", eval);
    for r in &case.reviews {
        row(
            r.kind.label(),
            format!(
                "申请 {}；意见 {}{}",
                hm(&r.requested_at),
                r.opinion_at
                    .as_ref()
                    .map(hm)
                    .unwrap_or_else(|| "未作出".into()),
                r.result
                    .as_ref()
                    .map(|x| format!("（{x}）"))
                    .unwrap_or_default()
            ),
        );
    }
    // Room for the leader to write by hand.
    row("领导批示", "\n\n".to_string());
    rows
}

/// Lays out and writes the sheet. `for_handler`: printed for the handler's own file; any
/// other reader of a 检举控告 case gets the accuser's identity masked (条例 §30 ¶3).
pub fn case_sheet(
    case: &Case,
    deadlines: &[Deadline],
    for_handler: bool,
    fonts: &FontSet,
    now: &Time,
) -> Result<CaseSheet> {
    // 条例 §30 ¶3: 不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位
    let masked = case.confidential && !for_handler;
    let mut table = rows(case, deadlines, masked);
    if masked {
        table.push((
            "保密".into(),
            "已依法隐去检举人身份信息（《信访工作条例》第三十条第三款）".into(),
        ));
    } else if case.confidential {
        table.push((
            "保密".into(),
            "含检举人信息，仅供经办人存档，不得透露或者转给被检举、揭发的人员或者单位（《信访工作条例》第三十条第三款）".into(),
        ));
    }
    let mut comp = Composition {
        doc_no: Some(format!(
            "编号：{}　打印日期：{}",
            case.info.case_no,
            date_zh(china_date(now))
        )),
        title: TITLE.to_string(),
        table,
        compact_table: true,
        ..Composition::default()
    };
    if masked {
        scrub(&mut comp, case);
    }
    let laid = layout::compose(&comp, fonts);
    if !laid.missing.is_empty() {
        return Err(Error::MissingGlyphs(laid.missing.iter().collect()));
    }
    let bytes = pdf::write(TITLE, &laid.pages, fonts)?;
    Ok(CaseSheet {
        pages: laid.pages.len(),
        bytes: bytes.len(),
        pdf: bytes,
        title: TITLE.to_string(),
        masked,
        file_name: format!("{}-办理经过单.pdf", case.info.case_no),
    })
}
