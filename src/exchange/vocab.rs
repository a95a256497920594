//! The words clerks write in the 来源 / 信访形式 / 信访目的 / 办结情况 cells of their own
//! 台账, as data: one table ([`VALUE_WORDS`]), shown in docs/import.md. Each word means a
//! value of the domain's own enums (no second vocabulary); a cell that combines several
//! ("区信访办转送", "市信访办（交办）", "来访求决") is split by [`split_value`] into
//! sender + source, form and purpose, and the split is reported to the clerk.

use super::columns::fold_width;
use crate::domain::{Form, Purpose, SenderLevel, Source};

/// What one word of a cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Source(Source),
    Form(Form),
    Purpose(Purpose),
    /// 办结情况: kept in the notes until the ledger has a field for it (issue #19).
    Status(&'static str),
}

impl Meaning {
    /// The column this word fills, in Chinese (for the report).
    pub fn field_zh(self) -> &'static str {
        match self {
            Meaning::Source(_) => "来源",
            Meaning::Form(_) => "信访形式",
            Meaning::Purpose(_) => "信访目的",
            Meaning::Status(_) => "办结情况",
        }
    }

    /// The value as the ledger labels it.
    pub fn label(self) -> &'static str {
        match self {
            Meaning::Source(s) => s.label(),
            Meaning::Form(f) => f.label(),
            Meaning::Purpose(p) => p.label(),
            Meaning::Status(s) => s,
        }
    }
}

use Meaning::{Form as F, Purpose as P, Source as S, Status as St};

/// Every word the importer understands in a value cell, with what it means. The domain's
/// own labels and synonyms (转送, 来信, 申诉求决 …) are here too, so one table lists all.
/// Longer words are matched before the shorter words inside them.
pub const VALUE_WORDS: &[(&str, Meaning)] = &[
    // 来源
    ("转送", S(Source::Forwarded)),
    ("转办", S(Source::Forwarded)),
    ("转交", S(Source::Forwarded)),
    ("转来", S(Source::Forwarded)),
    ("批转", S(Source::Forwarded)),
    ("交办", S(Source::Assigned)),
    ("督办", S(Source::Supervised)),
    ("直接受理", S(Source::Direct)),
    ("本级受理", S(Source::Direct)),
    ("自行受理", S(Source::Direct)),
    ("直接", S(Source::Direct)),
    // 信访形式 (条例 §17: 信息网络、书信、电话、传真、走访等形式)
    ("来信", F(Form::Letter)),
    ("书信", F(Form::Letter)),
    ("信件", F(Form::Letter)),
    ("写信", F(Form::Letter)),
    ("邮寄", F(Form::Letter)),
    ("来访", F(Form::Visit)),
    ("走访", F(Form::Visit)),
    ("上访", F(Form::Visit)),
    ("到访", F(Form::Visit)),
    ("网上信访", F(Form::Online)),
    ("网上来信", F(Form::Online)),
    ("网上投诉", F(Form::Online)),
    ("信息网络", F(Form::Online)),
    ("网上", F(Form::Online)),
    ("网信", F(Form::Online)),
    ("来电", F(Form::Phone)),
    ("电话", F(Form::Phone)),
    // 信访目的
    ("申诉求决", P(Purpose::Claim)),
    ("求决", P(Purpose::Claim)),
    ("申诉", P(Purpose::Claim)),
    ("投诉请求", P(Purpose::Claim)),
    ("投诉", P(Purpose::Claim)),
    ("意见建议", P(Purpose::Suggestion)),
    ("建议", P(Purpose::Suggestion)),
    ("意见", P(Purpose::Suggestion)),
    ("检举控告", P(Purpose::Accusation)),
    ("检举", P(Purpose::Accusation)),
    ("控告", P(Purpose::Accusation)),
    ("举报", P(Purpose::Accusation)),
    ("其他", P(Purpose::Other)),
    // 办结情况
    ("已办结", St("已办结")),
    ("办结", St("已办结")),
    ("已结案", St("已办结")),
    ("结案", St("已办结")),
    ("已完结", St("已办结")),
    ("办理中", St("办理中")),
    ("在办", St("办理中")),
    ("正在办理", St("办理中")),
    ("未办结", St("办理中")),
    ("未结", St("办理中")),
];

/// Endings that make the rest of a cell a sender's name (区信访办, 市委办公厅, 区政府 …).
const ORG_ENDINGS: &[&str] = &[
    "信访办",
    "信访局",
    "信访室",
    "信访科",
    "办公室",
    "办公厅",
    "办",
    "局",
    "委",
    "厅",
    "部",
    "政府",
    "中心",
    "院",
    "处",
    "科",
    "室",
    "会",
    "所",
    "站",
    "队",
    "街道",
    "镇",
    "乡",
];

/// A cell understood: the parts found, and the sender's name when the cell named one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Split {
    pub source: Option<Source>,
    pub form: Option<Form>,
    pub purpose: Option<Purpose>,
    pub status: Option<&'static str>,
    pub sender: Option<String>,
    pub sender_level: Option<SenderLevel>,
}

impl Split {
    fn put(&mut self, m: Meaning) -> bool {
        fn set<T: PartialEq>(slot: &mut Option<T>, v: T) -> bool {
            match slot {
                Some(old) => *old == v,
                None => {
                    *slot = Some(v);
                    true
                }
            }
        }
        match m {
            Meaning::Source(v) => set(&mut self.source, v),
            Meaning::Form(v) => set(&mut self.form, v),
            Meaning::Purpose(v) => set(&mut self.purpose, v),
            Meaning::Status(v) => set(&mut self.status, v),
        }
    }

    /// How many parts the cell held (a plain "转送" is one, "区信访办转送" three).
    pub fn parts(&self) -> usize {
        [
            self.source.is_some(),
            self.form.is_some(),
            self.purpose.is_some(),
            self.status.is_some(),
            self.sender.is_some(),
            self.sender_level.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
    }

    /// `来源机关“区信访办”、来源“转送”` for the report.
    pub fn describe(&self) -> String {
        let mut out = Vec::new();
        if let Some(s) = &self.sender {
            out.push(format!("来源机关“{s}”"));
        }
        if let Some(l) = self.sender_level {
            out.push(format!("来源机关层级“{}”", l.label()));
        }
        if let Some(v) = self.source {
            out.push(format!("来源“{}”", v.label()));
        }
        if let Some(v) = self.form {
            out.push(format!("信访形式“{}”", v.label()));
        }
        if let Some(v) = self.purpose {
            out.push(format!("信访目的“{}”", v.label()));
        }
        if let Some(v) = self.status {
            out.push(format!("办结情况“{v}”"));
        }
        out.join("、")
    }
}

/// The meaning of exactly this word, if the table has it.
pub fn word(text: &str) -> Option<Meaning> {
    let t = squeeze(text);
    VALUE_WORDS.iter().find(|(w, _)| *w == t).map(|(_, m)| *m)
}

/// Full-width folded, spaces dropped.
fn squeeze(text: &str) -> String {
    text.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Covers `text` with table words from left to right (longest first); None when some
/// part is not a word.
fn all_words(text: &str) -> Option<Vec<Meaning>> {
    let mut rest = text;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (w, m) = VALUE_WORDS
            .iter()
            .filter(|(w, _)| rest.starts_with(w))
            .max_by_key(|(w, _)| w.len())?;
        out.push(*m);
        rest = &rest[w.len()..];
    }
    Some(out)
}

fn looks_like_org(s: &str) -> bool {
    s.chars().count() >= 2 && ORG_ENDINGS.iter().any(|e| s.ends_with(e))
}

/// The level a sender's name shows: 国家… national; a 区 or 县 in it, district; else a
/// 市, city. None when the name says nothing (a 街道, a 委员会 without a place).
pub fn level_of(sender: &str) -> Option<SenderLevel> {
    if sender.starts_with("国家") || sender.starts_with("中央") || sender.starts_with("国务院")
    {
        Some(SenderLevel::National)
    } else if sender.contains('区') || sender.contains('县') {
        Some(SenderLevel::District)
    } else if sender.contains('市') {
        Some(SenderLevel::City)
    } else {
        None
    }
}

/// One part of a cell (no brackets or separators in it).
fn split_part(part: &str, out: &mut Split) -> bool {
    if part.is_empty() {
        return true;
    }
    if let Some(ms) = all_words(part) {
        return ms.into_iter().all(|m| out.put(m));
    }
    // "<sender><转送|交办|督办…>[件]": the last source word ends the sender's name.
    let verb = VALUE_WORDS
        .iter()
        .filter(|(w, m)| matches!(m, Meaning::Source(_)) && w.chars().count() == 2)
        .filter_map(|(w, m)| part.rfind(w).map(|at| (at, *w, *m)))
        .max_by_key(|(at, _, _)| *at);
    if let Some((at, w, m)) = verb {
        let before = part[..at]
            .trim_start_matches(['由', '经', '从'])
            .trim_end_matches(['的', '来']);
        let after = part[at + w.len()..].trim_start_matches(['的', '件', '来']);
        if !after.is_empty() && !split_part(after, out) {
            return false;
        }
        if !out.put(m) {
            return false;
        }
        if before.is_empty() {
            return true;
        }
        if let Some(ms) = all_words(before) {
            return ms.into_iter().all(|m| out.put(m));
        }
        if !looks_like_org(before) || out.sender.is_some() {
            return false;
        }
        out.sender_level = level_of(before);
        out.sender = Some(before.to_string());
        return true;
    }
    // A sender's name alone (来源 "区信访办"): the source is left to the default.
    if looks_like_org(part) && out.sender.is_none() {
        out.sender_level = level_of(part);
        out.sender = Some(part.to_string());
        return true;
    }
    false
}

/// Splits a cell that combines a sender, a source, a form and a purpose — "区信访办转送",
/// "市信访办（交办）", "网上信访", "走访", "来访 / 求决" — into its parts. None when any
/// part of the cell is not understood (nothing is guessed).
pub fn split_value(text: &str) -> Option<Split> {
    let t = squeeze(text);
    if t.is_empty() {
        return None;
    }
    let mut out = Split::default();
    let parts = t
        .split([
            '(', ')', '（', '）', '[', ']', '【', '】', '〔', '〕', '、', ',', '，', '/', ';',
            '；', '+', '-', '—', '·',
        ])
        .filter(|p| !p.is_empty());
    for part in parts {
        if !split_part(part, &mut out) {
            return None;
        }
    }
    (out.parts() > 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issues_examples_split_into_their_fields() {
        let s = split_value("区信访办转送").unwrap();
        assert_eq!(s.sender.as_deref(), Some("区信访办"));
        assert_eq!(s.source, Some(Source::Forwarded));
        assert_eq!(s.sender_level, Some(SenderLevel::District));
        let s = split_value("市信访办（交办）").unwrap();
        assert_eq!(s.sender.as_deref(), Some("市信访办"));
        assert_eq!(s.source, Some(Source::Assigned));
        assert_eq!(s.sender_level, Some(SenderLevel::City));
        assert_eq!(split_value("网上信访").unwrap().form, Some(Form::Online));
        assert_eq!(split_value("走访").unwrap().form, Some(Form::Visit));
        assert_eq!(split_value("求决").unwrap().purpose, Some(Purpose::Claim));
        assert_eq!(
            split_value("建议").unwrap().purpose,
            Some(Purpose::Suggestion)
        );
        let s = split_value("国家信访局转办件").unwrap();
        assert_eq!(s.sender_level, Some(SenderLevel::National));
        assert_eq!(s.source, Some(Source::Forwarded));
        let s = split_value("来访 / 求决").unwrap();
        assert_eq!(
            (s.form, s.purpose),
            (Some(Form::Visit), Some(Purpose::Claim))
        );
        let s = split_value("网上信访转办").unwrap();
        assert_eq!(s.sender, None);
        assert_eq!(
            (s.form, s.source),
            (Some(Form::Online), Some(Source::Forwarded))
        );
        let s = split_value("由重庆市永川区信访办转来").unwrap();
        assert_eq!(s.sender.as_deref(), Some("重庆市永川区信访办"));
        assert_eq!(s.sender_level, Some(SenderLevel::District));
        let s = split_value("区信访办").unwrap();
        assert_eq!((s.sender.as_deref(), s.source), (Some("区信访办"), None));
        assert_eq!(split_value("已办结").unwrap().status, Some("已办结"));
        assert_eq!(
            split_value("来信（邮寄）").unwrap().form,
            Some(Form::Letter)
        );
        assert_eq!(split_value("网上来信").unwrap().form, Some(Form::Online));
    }

    #[test]
    fn nothing_is_guessed() {
        for bad in ["上级转来", "随便", "来信来电？", "转送交办", "", "求决建议"]
        {
            assert_eq!(split_value(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_domain_label_is_in_the_table() {
        for s in Source::ALL {
            assert_eq!(word(s.label()), Some(Meaning::Source(*s)));
        }
        for f in Form::ALL {
            assert_eq!(split_value(f.label()).unwrap().form, Some(*f));
        }
        for p in Purpose::ALL {
            assert_eq!(word(p.label()), Some(Meaning::Purpose(*p)));
        }
    }

    #[test]
    fn every_word_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (w, _) in VALUE_WORDS {
            assert!(seen.insert(*w), "{w} twice");
            assert_eq!(squeeze(w), *w);
        }
    }
}
