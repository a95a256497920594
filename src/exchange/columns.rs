//! The 台账 columns: what each is called on export, the names clerks give it in their own
//! sheets (synonyms matched on import), and which ones an import can fill.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

macro_rules! fields {
    ($($variant:ident => $code:literal, $label:literal, $width:literal, $import:literal $(| $alias:literal)*;)+) => {
        /// One column of the exported or imported ledger.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $($variant),+ }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            /// Stable machine name (for mappings and `--columns`).
            pub fn code(self) -> &'static str {
                match self { $(Field::$variant => $code),+ }
            }

            /// The header written on export.
            pub fn label(self) -> &'static str {
                match self { $(Field::$variant => $label),+ }
            }

            /// Column width in Excel character units, fit for Chinese text.
            pub fn width(self) -> f64 {
                match self { $(Field::$variant => $width as f64),+ }
            }

            /// False for columns the ledger computes (序号, 应答复日期, 状态 …): read past on import.
            pub fn importable(self) -> bool {
                match self { $(Field::$variant => $import),+ }
            }

            /// Header names clerks use for this column (normalised as `normalize_header` does).
            pub fn synonyms(self) -> &'static [&'static str] {
                match self { $(Field::$variant => &[$label $(, $alias)*]),+ }
            }
        }
    };
}

fields! {
    Seq => "seq", "序号", 6, false | "顺序号" | "NO" | "NO." | "行号";
    CaseNo => "case_no", "信访件编号", 18, true | "编号" | "件号" | "信访编号" | "信访件号" | "事项编号" | "信访事项编号" | "案件编号" | "登记编号" | "登记号";
    Unit => "unit", "责任单位", 20, true | "承办单位" | "办理单位" | "主办单位" | "单位" | "责任部门" | "承办部门";
    Source => "source", "来源", 8, true | "信访来源" | "来源类型" | "件来源" | "来件类型" | "转交办类型" | "来源方式" | "来件方式" | "转交办";
    Sender => "sender", "来源机关", 18, true | "转送机关" | "交办机关" | "来文机关" | "来件单位" | "转办单位" | "交办单位" | "转办机关" | "转送单位" | "来源单位" | "转交办机关";
    SenderLevel => "sender_level", "来源机关层级", 8, true | "来源层级" | "机关层级";
    ArrivedAt => "arrived_at", "到达时间", 17, true | "到达日期" | "转办到达时间" | "到达" | "收件日期" | "收件时间" | "登记日期" | "登记时间" | "来信来访日期" | "收到日期" | "接收日期" | "来件日期" | "转办日期" | "交办日期" | "转送日期" | "转交日期" | "转办时间" | "交办时间" | "来信日期" | "来访日期" | "来信来访时间" | "收文日期" | "收文时间";
    // 信访日期: when the petitioner wrote or came, apart from our arrival (issue #15).
    PetitionDate => "petition_date", "信访日期", 11, true | "信访时间" | "提出日期" | "反映日期";
    Form => "form", "信访形式", 8, true | "形式" | "信访方式" | "来访形式" | "来信来访形式" | "来信来访方式" | "信访形式类别" | "反映形式" | "反映方式";
    PetitionerName => "petitioner", "信访人", 12, true | "信访人姓名" | "姓名" | "反映人" | "来访人" | "来信人" | "当事人";
    IdNumber => "id_number", "身份证号", 21, true | "身份证号码" | "证件号码" | "身份证" | "信访人身份证号";
    Phone => "phone", "联系方式", 14, true | "联系电话" | "电话" | "手机" | "手机号" | "手机号码" | "电话号码";
    Address => "address", "住址", 24, true | "地址" | "家庭住址" | "联系地址" | "现住址";
    PeopleCount => "people_count", "人数", 6, true | "信访人数" | "来访人数" | "人次";
    // 联名信 / 集体访: the representatives among the petitioners (条例 §20 ¶3, issue #16).
    Representatives => "representatives", "代表", 12, true | "信访代表" | "推选代表" | "联名代表" | "集体访代表";
    FirstPetition => "first_petition", "初信初访", 8, false | "是否初信初访";
    Demand => "demand", "诉求摘要", 40, true | "主要诉求" | "诉求" | "信访内容" | "反映问题" | "反映内容" | "主要内容" | "内容摘要" | "事项摘要" | "问题摘要" | "信访事项";
    Suggestions => "suggestions", "建议意见", 24, true | "意见建议内容";
    Facts => "facts", "事实和理由", 30, true | "事实与理由";
    History => "history", "信访经过", 24, true | "信访过程";
    Purpose => "purpose", "信访目的", 10, true | "目的" | "信访目的分类" | "问题类别" | "信访类别" | "信访目的类别" | "目的类别" | "诉求类别";
    Category => "category", "内容分类", 12, true | "问题分类" | "内容类别";
    HotIssue => "hot_issue", "热点问题", 12, true;
    Cause => "cause", "信访原因", 12, true | "原因" | "成因";
    Sensitive => "sensitive", "敏感件", 7, true | "是否敏感" | "是否敏感件" | "敏感";
    Threat => "threat", "扬言过激", 9, true | "是否扬言过激" | "过激";
    ResponsibleLeader => "responsible_leader", "责任领导", 10, true | "负责领导";
    CaseOwnerLeader => "case_owner_leader", "包案领导", 10, true | "包案";
    // N §二: items from 国家信访局/市信访办 纳入满意度评价 need a 包案 leader.
    InEvaluationScope => "in_evaluation_scope", "纳入满意度评价", 9, true | "是否纳入满意度评价" | "纳入评价" | "是否纳入评价" | "是否参评";
    Section => "section", "责任科室", 12, true | "承办科室" | "科室";
    Handler => "handler", "责任人", 10, true | "经办人" | "承办人" | "具体承办人" | "办理人";
    RepeatOf => "repeat_of", "重复信访原件编号", 18, true | "原件编号" | "在先件编号" | "重复件原编号" | "关联原件编号";
    StatutoryDueDate => "statutory_due_date", "法定途径期限", 12, true | "其他法定途径期限";
    // 条例 §22: the sender's own deadline for a 交办/督办 item (issue #16).
    SenderDeadline => "sender_deadline", "交办督办期限", 12, true | "交办期限" | "督办期限" | "来源机关期限" | "办理时限" | "反馈期限";
    // Each 督办 by the sender: count and dates (recorded with `case supervise`).
    Supervisions => "supervisions", "督办情况", 16, false | "督办次数" | "督办";
    SignedAt => "signed_at", "签收时间", 17, true | "签收日期" | "签收";
    AcceptedAt => "accepted_at", "受理时间", 17, true | "受理日期" | "受理";
    Method => "method", "办理方式", 14, true | "处理方式" | "办理类型";
    MethodReason => "method_reason", "不予受理或退件理由", 20, true | "不予受理理由" | "退件理由" | "异议理由";
    // 条例 §23 ¶3: the sender's answer to a 退件 (blank: 退件待审核).
    ReturnResult => "return_result", "退件审核", 10, true | "退件审核结果" | "退件审核情况" | "退件是否同意";
    ReplyDue => "reply_due", "应答复日期", 11, false | "答复期限" | "应答复时间" | "答复截止日期";
    RepliedAt => "replied_at", "答复时间", 17, true | "答复日期" | "回复日期" | "回复时间" | "答复";
    ConcludedOn => "concluded_on", "办结日期", 11, false;
    // 办结 as recorded with `case close` (the documents served, the attachments uploaded).
    ClosedAt => "closed_at", "办结时间", 17, true | "办结登记时间";
    Delivery => "delivery", "送达", 20, false | "送达情况" | "送达方式";
    Evaluation => "evaluation", "评价", 10, true | "满意度评价" | "满意度" | "评价结果";
    EvaluatedAt => "evaluated_at", "评价时间", 17, true | "评价日期";
    // N §二 引导评价: the unit's evaluation window (setting) while unevaluated, and each 回访.
    EvalDue => "eval_due", "评价期限", 11, false | "评价截止日期";
    FollowUps => "follow_ups", "回访情况", 24, false | "回访" | "回访记录";
    Status => "status", "办理状态", 9, false | "状态";
    IsRepeat => "is_repeat", "是否重复", 8, false | "是否重复信访" | "重复信访";
    Overdue => "overdue", "是否超期", 8, false | "超期";
    Outcome => "outcome", "办结情况", 10, true | "办理结果" | "办结状态" | "是否办结" | "办理进度" | "办理进展" | "进展情况";
    Notes => "notes", "备注", 20, true | "说明";
}

/// The columns units keep in their 台账 (issue #7), the default export.
pub const DEFAULT_COLUMNS: &[Field] = &[
    Field::Seq,
    Field::CaseNo,
    Field::Unit,
    Field::Source,
    Field::Form,
    Field::PetitionerName,
    Field::Phone,
    Field::PeopleCount,
    Field::Demand,
    Field::Purpose,
    Field::ArrivedAt,
    Field::PetitionDate,
    Field::SignedAt,
    Field::AcceptedAt,
    Field::Method,
    Field::ResponsibleLeader,
    Field::Handler,
    Field::InEvaluationScope,
    Field::SenderDeadline,
    Field::Supervisions,
    Field::ReplyDue,
    Field::RepliedAt,
    Field::ConcludedOn,
    Field::Delivery,
    Field::Evaluation,
    Field::IsRepeat,
    Field::Notes,
];

impl Field {
    pub fn parse(input: &str) -> Result<Self> {
        let s = input.trim();
        let norm = normalize_header(s);
        Field::ALL
            .iter()
            .copied()
            .find(|f| f.code().eq_ignore_ascii_case(s) || f.synonyms().contains(&norm.as_str()))
            .ok_or_else(|| {
                Error::invalid(
                    "列名",
                    format!(
                        "“{input}”不是可识别的列。可用的列：{}",
                        Field::ALL
                            .iter()
                            .map(|f| format!("{}（{}）", f.label(), f.code()))
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                )
            })
    }

    /// The column a header names, if any.
    pub fn from_header(header: &str) -> Option<Field> {
        let norm = normalize_header(header);
        if norm.is_empty() {
            return None;
        }
        synonym_table().get(norm.as_str()).copied()
    }

    /// The column a header not in the synonym table most likely names (shown to the clerk
    /// as a near match, and changeable): a header that contains one synonym and at most 4
    /// more characters (`信访人联系电话`, `转办日期（区信访办）`), or one character off a
    /// synonym of 3 or more (`联糸电话`). None when two columns fit equally well.
    pub fn fuzzy_header(header: &str) -> Option<Field> {
        let norm = normalize_header(header);
        let n = norm.chars().count();
        if !(2..=12).contains(&n) || norm.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        if let Some(f) = Field::from_header(&norm) {
            return Some(f);
        }
        let unique = |cands: Vec<(usize, Field)>| -> Option<Field> {
            let best = cands.iter().map(|(k, _)| *k).max()?;
            let mut fields: Vec<Field> = cands
                .iter()
                .filter(|(k, _)| *k == best)
                .map(|(_, f)| *f)
                .collect();
            fields.sort();
            fields.dedup();
            match fields.as_slice() {
                [f] => Some(*f),
                _ => None,
            }
        };
        let contained: Vec<(usize, Field)> = synonym_table()
            .iter()
            .filter(|(s, _)| {
                let k = s.chars().count();
                k >= 2 && n - k.min(n) <= 4 && norm.contains(*s)
            })
            .map(|(s, f)| (s.chars().count(), *f))
            .collect();
        if let Some(f) = unique(contained) {
            return Some(f);
        }
        let near: Vec<(usize, Field)> = synonym_table()
            .iter()
            .filter(|(s, _)| s.chars().count() >= 3 && within_one_edit(&norm, s))
            .map(|(s, f)| (s.chars().count(), *f))
            .collect();
        unique(near)
    }

    /// Columns written as date-and-time cells.
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Field::ArrivedAt
                | Field::SignedAt
                | Field::AcceptedAt
                | Field::RepliedAt
                | Field::EvaluatedAt
                | Field::ClosedAt
        )
    }

    /// Columns written as date cells.
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::StatutoryDueDate
                | Field::PetitionDate
                | Field::ReplyDue
                | Field::ConcludedOn
                | Field::SenderDeadline
                | Field::EvalDue
        )
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A column's code name (the list is `Field::ALL`); a plain string in the UI's contract.
impl ts_rs::TS for Field {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        Self::name(cfg)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Field::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Every synonym (normalised) → its column, built once.
fn synonym_table() -> &'static std::collections::HashMap<&'static str, Field> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, Field>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for f in Field::ALL {
            for s in f.synonyms() {
                m.entry(*s).or_insert(*f);
            }
        }
        m
    })
}

/// True when `a` becomes `b` by changing, adding or removing at most one character.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let head = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    let tail_short = &short[head..];
    if short.len() == long.len() {
        tail_short.len() <= 1 || tail_short[1..] == long[head + 1..]
    } else {
        tail_short == &long[head + 1..]
    }
}

/// Parses a `--columns` list: `all`, `default`, or names/labels separated by commas.
pub fn parse_columns(spec: &str) -> Result<Vec<Field>> {
    match spec.trim() {
        "" | "default" | "默认" => return Ok(DEFAULT_COLUMNS.to_vec()),
        "all" | "全部" => return Ok(Field::ALL.to_vec()),
        _ => {}
    }
    let mut out = Vec::new();
    for part in spec.split([',', '，', '、']) {
        if part.trim().is_empty() {
            continue;
        }
        let f = Field::parse(part)?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    if out.is_empty() {
        return Err(Error::invalid("导出列", "至少要有一列"));
    }
    Ok(out)
}

/// Header text as clerks write it, reduced to what identifies the column: full-width
/// letters folded, spaces, line breaks, asterisks (必填 marks), colons and anything in
/// brackets — `信访件编号（必填）`, `联系方式(电话)` — removed, ASCII upper-cased.
pub fn normalize_header(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut depth = 0usize;
    for c in raw.chars().map(fold_width) {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || c.is_control() => {}
            '*' | ':' | '：' | '※' | '★' => {}
            c => out.push(c.to_ascii_uppercase()),
        }
    }
    out
}

// Full-width ASCII and the ideographic space folded to ASCII (the domain's, shared with registration).
pub use crate::domain::fold_width;

/// Spreadsheet column letters: 0 → A, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_and_decorations_find_the_column() {
        assert_eq!(Field::from_header("编号"), Some(Field::CaseNo));
        assert_eq!(Field::from_header(" 件号 "), Some(Field::CaseNo));
        assert_eq!(
            Field::from_header("信访件编号（必填）*"),
            Some(Field::CaseNo)
        );
        assert_eq!(Field::from_header("联系方式\n(电话)"), Some(Field::Phone));
        assert_eq!(Field::from_header("到达日期"), Some(Field::ArrivedAt));
        assert_eq!(Field::from_header("ＮＯ．"), Some(Field::Seq));
        assert_eq!(Field::from_header("随便"), None);
    }

    #[test]
    fn near_headers_find_their_column_and_ties_find_none() {
        assert_eq!(Field::fuzzy_header("信访人联系电话"), Some(Field::Phone));
        assert_eq!(Field::fuzzy_header("联糸电话"), Some(Field::Phone));
        assert_eq!(
            Field::fuzzy_header("转办日期（区信访办）"),
            Some(Field::ArrivedAt)
        );
        assert_eq!(Field::fuzzy_header("问题类别"), Some(Field::Purpose));
        assert_eq!(Field::fuzzy_header("来信来访形式"), Some(Field::Form));
        // 签收 and 受理 fit equally: no guess.
        assert_eq!(Field::fuzzy_header("签收受理"), None);
        assert_eq!(
            Field::fuzzy_header("永川区住房城乡建委信访事项登记台账"),
            None
        );
        assert_eq!(Field::fuzzy_header("随便"), None);
        assert_eq!(
            Field::fuzzy_header("反映人姓名"),
            Some(Field::PetitionerName)
        );
        assert_eq!(Field::fuzzy_header("收到时间"), Some(Field::ArrivedAt));
        assert_eq!(Field::fuzzy_header("内部备注"), Some(Field::Notes));
        assert!(within_one_edit("到达时问", "到达时间"));
        assert!(within_one_edit("到达时", "到达时间"));
        assert!(!within_one_edit("到时", "到达时间"));
    }

    #[test]
    fn every_synonym_is_unique() {
        let mut seen = std::collections::HashMap::new();
        for f in Field::ALL {
            for s in f.synonyms() {
                assert_eq!(normalize_header(s), *s, "{s} is not normalised");
                if let Some(other) = seen.insert(*s, *f) {
                    panic!("{s} names both {other:?} and {f:?}");
                }
            }
        }
    }

    #[test]
    fn export_columns_by_name_code_or_preset() {
        assert_eq!(parse_columns("default").unwrap(), DEFAULT_COLUMNS);
        assert_eq!(parse_columns("all").unwrap().len(), Field::ALL.len());
        assert_eq!(
            parse_columns("编号，来源、arrived_at,编号").unwrap(),
            vec![Field::CaseNo, Field::Source, Field::ArrivedAt]
        );
        let e = parse_columns("编号,随便").unwrap_err().to_string();
        assert!(
            e.contains("随便") && e.contains("信访件编号（case_no）"),
            "{e}"
        );
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
