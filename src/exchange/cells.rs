//! One cell as the value of its ledger column: dates of every form, enums from their
//! Chinese labels, yes/no, counts, codes with full-width digits — or what is wrong with
//! it and how to fix it, in Chinese.

use chrono::{NaiveDateTime, TimeZone};
use serde_json::Value;

use super::columns::{Field, fold_width};
use super::dates;
use super::read::Cell;
use crate::domain::{Evaluation, Form, Method, Purpose, ReturnResult, SenderLevel, Source};
use crate::error::Error;
use crate::time::{Time, cst, fmt_date, fmt_time};

/// Columns that belong to the steps a case has been through (`Progress`), not to `NewCase`.
pub(crate) fn is_progress(f: Field) -> bool {
    matches!(
        f,
        Field::SignedAt
            | Field::AcceptedAt
            | Field::Method
            | Field::MethodReason
            | Field::RepliedAt
            | Field::Evaluation
            | Field::EvaluatedAt
            | Field::ReturnResult
            | Field::ClosedAt
    )
}

/// Case numbers, ID numbers and phones: full-width folded, spaces trimmed.
pub(crate) fn clean_code(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .collect::<String>()
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
        .to_string()
}

pub(crate) fn clean_text(s: &str) -> String {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    // The apostrophe the CSV export puts before text that Excel would run as a formula.
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => s.to_string(),
    }
}

pub(crate) const DATE_FIX: &str = "请写成 2022-12-06、2022/12/6、2022.12.6 或 2022年12月6日（可带时刻，如 16:20），或把单元格设为日期格式";

/// A date cell of any kind, as China time.
pub fn cell_datetime(c: &Cell) -> std::result::Result<NaiveDateTime, String> {
    match c {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) => dates::from_serial(*n),
        Cell::Text(s) => dates::parse_text(s),
        Cell::Bool(_) => Err("是逻辑值，不是日期".into()),
        Cell::Error(e) => Err(format!("是公式错误 {e}")),
        Cell::Empty => Err("日期为空".into()),
    }
}

pub(crate) fn to_time(n: NaiveDateTime) -> Time {
    cst()
        .from_local_datetime(&n)
        .single()
        .unwrap_or_else(|| cst().from_utc_datetime(&n))
}

pub(crate) fn enum_fix(allowed: &str) -> String {
    format!("请改为以下之一：{allowed}")
}

/// One cell as the JSON value of its field, or (what is wrong, how to fix it).
pub(crate) fn parse_value(f: Field, c: &Cell) -> std::result::Result<Value, (String, String)> {
    let text = clean_text(&c.text());
    let s = |v: String| Ok(Value::String(v));
    let enum_err = |e: Error, allowed: String| {
        let problem = match &e {
            Error::UnknownValue { field, value, .. } => format!("“{value}”不是有效的{field}"),
            other => other.to_string(),
        };
        Err((problem, enum_fix(&allowed)))
    };
    match f {
        Field::ArrivedAt
        | Field::SignedAt
        | Field::AcceptedAt
        | Field::RepliedAt
        | Field::EvaluatedAt
        | Field::ClosedAt => match cell_datetime(c) {
            Ok(n) => s(fmt_time(&to_time(n))),
            Err(why) => Err((format!("日期无法识别：{why}"), DATE_FIX.into())),
        },
        Field::StatutoryDueDate | Field::PetitionDate | Field::SenderDeadline => {
            match cell_datetime(c) {
                Ok(n) => s(fmt_date(n.date())),
                Err(why) => Err((format!("日期无法识别：{why}"), DATE_FIX.into())),
            }
        }
        // The export writes 待审核 for a 退件 the sender has not answered: no result yet.
        Field::ReturnResult if matches!(text.as_str(), "待审核" | "退件待审核") => {
            Ok(Value::Null)
        }
        Field::ReturnResult => match ReturnResult::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, ReturnResult::allowed()),
        },
        Field::Source => match Source::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, Source::allowed()),
        },
        Field::SenderLevel => match SenderLevel::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, SenderLevel::allowed()),
        },
        Field::Form => match Form::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, Form::allowed()),
        },
        Field::Purpose => match Purpose::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, Purpose::allowed()),
        },
        Field::Evaluation => match Evaluation::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, Evaluation::allowed()),
        },
        Field::Method => match Method::parse_checked(&text) {
            Ok(v) => s(v.code().into()),
            Err(e @ Error::ForbiddenMethod(_)) => Err((
                e.to_string(),
                "改为“退件”，并在“不予受理或退件理由”列写明异议理由".into(),
            )),
            Err(e) => enum_err(e, Method::allowed()),
        },
        Field::PeopleCount => {
            let n = match c {
                Cell::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= 1e6 => Some(*n as u32),
                _ => {
                    let t = clean_code(&text);
                    t.trim_end_matches('人').trim().parse::<u32>().ok()
                }
            };
            match n {
                Some(n) if n >= 1 => Ok(Value::from(n)),
                _ => Err((
                    format!("人数“{text}”不是正整数"),
                    "请填写 1 以上的整数，如 3".into(),
                )),
            }
        }
        Field::Sensitive | Field::Threat | Field::InEvaluationScope => match c {
            Cell::Bool(b) => Ok(Value::Bool(*b)),
            _ => match clean_code(&text).to_ascii_lowercase().as_str() {
                "是" | "y" | "yes" | "true" | "1" | "√" | "✓" | "有" => Ok(Value::Bool(true)),
                "否" | "n" | "no" | "false" | "0" | "×" | "无" | "-" => Ok(Value::Bool(false)),
                _ => Err((format!("“{text}”不是“是”或“否”"), "请填写“是”或“否”".into())),
            },
        },
        Field::RepeatOf => s(clean_code(&text)),
        Field::Unit
        | Field::Sender
        | Field::Demand
        | Field::Suggestions
        | Field::Facts
        | Field::History
        | Field::Category
        | Field::HotIssue
        | Field::Cause
        | Field::ResponsibleLeader
        | Field::CaseOwnerLeader
        | Field::Section
        | Field::Handler
        | Field::MethodReason
        | Field::Notes => s(text),
        // Handled elsewhere or never imported.
        _ => Ok(Value::Null),
    }
}

/// The column a core validation error is about, and how to fix it.
pub(crate) fn attribute(e: &Error) -> (Field, &'static str) {
    let field = match e {
        Error::InvalidField { field, .. } => field.as_str(),
        Error::MissingField(f) => f.as_str(),
        _ => "",
    };
    let rules: &[(&str, Field, &str)] = &[
        (
            "信访件编号",
            Field::CaseNo,
            "编号不超过 64 个字符，不含换行",
        ),
        (
            "责任单位",
            Field::Unit,
            "请填写责任单位，或导入时用 --unit 统一指定",
        ),
        ("主要诉求", Field::Demand, "请填写诉求摘要（不超过 2 万字）"),
        (
            "信访人",
            Field::PetitionerName,
            "一件最多 500 名信访人；集体访登记代表并填写人数",
        ),
        ("人数", Field::PeopleCount, "人数至少为 1"),
        ("办理方式", Field::Method, "办理方式和受理时间须同时填写"),
        (
            "答复时间",
            Field::RepliedAt,
            "有答复时间的件须填写办理方式和受理时间",
        ),
        (
            "评价时间",
            Field::EvaluatedAt,
            "有评价时间的件须填写评价结果",
        ),
        (
            "满意度评价",
            Field::Evaluation,
            "未答复的件不能有评价；请补答复时间或清空评价",
        ),
        (
            "签收时间",
            Field::SignedAt,
            "核对各环节时间先后：到达 ≤ 签收 ≤ 受理 ≤ 答复 ≤ 评价",
        ),
        (
            "受理时间",
            Field::AcceptedAt,
            "核对各环节时间先后：到达 ≤ 签收 ≤ 受理 ≤ 答复 ≤ 评价",
        ),
        (
            "建议意见",
            Field::Suggestions,
            "请摘要填写（不超过 2 万字）",
        ),
        ("事实和理由", Field::Facts, "请摘要填写（不超过 2 万字）"),
        ("信访经过", Field::History, "请摘要填写（不超过 2 万字）"),
        ("备注", Field::Notes, "请摘要填写（不超过 2 万字）"),
    ];
    for (key, f, fix) in rules {
        if field.contains(key) {
            return (*f, fix);
        }
    }
    (Field::CaseNo, "请核对这一行")
}
