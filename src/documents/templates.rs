//! Document templates as data (`assets/templates/<kind>.toml`). A unit replaces one by
//! putting a file of the same name in a `templates` folder next to the ledger; no rebuild.
//! Placeholders are `{name}`; the names are listed in `docs/cli.md`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::domain::DocKind;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub title: String,
    /// 红头: red masthead and separator.
    #[serde(default)]
    pub red_header: bool,
    /// The masthead text (default `{unit}`).
    #[serde(default)]
    pub masthead: Option<String>,
    /// Print the 文号 (for a red header it sits under the masthead; otherwise flush right).
    #[serde(default)]
    pub show_doc_no: bool,
    /// A final copy needs a 文号 from the register.
    #[serde(default)]
    pub requires_doc_no: bool,
    #[serde(default)]
    pub addressee: Option<String>,
    /// The body, one paragraph per line; the clerk may replace it when drafting.
    #[serde(default)]
    pub body: String,
    /// The body used instead when the case was accepted by 其他法定途径 (条例 §31(一)–(五)):
    /// it names that procedure rather than promising the petition channel's 60 days.
    #[serde(default)]
    pub statutory_body: Option<String>,
    /// Placeholders a final copy must have filled (e.g. the 复查 body, the relief clause):
    /// an empty value or a template default refuses the final copy.
    #[serde(default)]
    pub required_for_final: Vec<String>,
    /// 救济渠道 etc.: kept even when the body is replaced.
    #[serde(default)]
    pub closing: Option<String>,
    #[serde(default)]
    pub table: Vec<(String, String)>,
    #[serde(default)]
    pub signature: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Values for placeholders the case does not supply (e.g. the 复查 office).
    #[serde(default)]
    pub defaults: BTreeMap<String, String>,
}

fn bundled(kind: DocKind) -> &'static str {
    match kind {
        DocKind::AcceptanceNotice => include_str!("../../assets/templates/acceptance_notice.toml"),
        DocKind::DeclineNotice => include_str!("../../assets/templates/decline_notice.toml"),
        DocKind::HandlingOpinion => include_str!("../../assets/templates/handling_opinion.toml"),
        DocKind::ReplyOpinion => include_str!("../../assets/templates/reply_opinion.toml"),
        DocKind::ReplyLetter => include_str!("../../assets/templates/reply_letter.toml"),
        DocKind::DeliveryReceipt => include_str!("../../assets/templates/delivery_receipt.toml"),
        DocKind::OtherStatutoryDocument => {
            include_str!("../../assets/templates/other_statutory_document.toml")
        }
        DocKind::ExtensionNotice => include_str!("../../assets/templates/extension_notice.toml"),
        DocKind::CompletionReport => {
            include_str!("../../assets/templates/completion_report.toml")
        }
    }
}

/// The unit's own template in `dir` (if any), else the bundled one.
pub fn load(kind: DocKind, dir: Option<&Path>) -> Result<Template> {
    let file = format!("{}.toml", kind.code());
    if let Some(d) = dir {
        let path = d.join(&file);
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
                path: path.display().to_string(),
                detail: crate::error::io_zh(&e),
            })?;
            return parse(&path.display().to_string(), &text);
        }
    }
    parse(&format!("内置模板 {file}"), bundled(kind))
}

pub fn parse(name: &str, text: &str) -> Result<Template> {
    toml::from_str(text).map_err(|e| Error::Template {
        file: name.to_string(),
        detail: e.message().to_string(),
    })
}

/// Replaces `{name}` placeholders. In a template an unknown name is an error (a typo would
/// otherwise print); in the clerk's own text (`strict = false`) it is kept as written.
pub fn fill(
    file: &str,
    text: &str,
    vars: &BTreeMap<String, String>,
    strict: bool,
) -> Result<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if is_name(&after[..j]) => {
                let name = &after[..j];
                match vars
                    .get(name)
                    .or_else(|| alias(name).and_then(|k| vars.get(k)))
                {
                    Some(v) => out.push_str(v),
                    None if strict => {
                        return Err(Error::Template {
                            file: file.to_string(),
                            detail: format!("未知的占位符 {{{name}}}"),
                        });
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn is_name(s: &str) -> bool {
    (!s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()))
        || alias(s).is_some()
}

/// The Chinese names the clerk sees and may type in a document's text for the placeholders
/// the editor offers (issue #21 §13: no code names on the screen); the templates keep theirs.
pub const ALIASES: [(&str, &str); 7] = [
    ("信访人", "petitioner"),
    ("编号", "case_no"),
    ("诉求摘要", "demand"),
    ("事实和理由", "facts"),
    ("单位", "unit"),
    ("处理意见", "stance_sentence"),
    ("复查机关", "review_office"),
];

/// The placeholder a Chinese name stands for.
pub fn alias(name: &str) -> Option<&'static str> {
    ALIASES.iter().find(|(zh, _)| *zh == name).map(|(_, k)| *k)
}

/// The Chinese name the editor shows for a placeholder (itself when it has none).
pub fn shown_name(key: &str) -> &str {
    ALIASES
        .iter()
        .find(|(_, k)| *k == key)
        .map_or(key, |(zh, _)| zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_fill_like_the_placeholders_they_stand_for() {
        let vars: BTreeMap<String, String> =
            [("petitioner", "张三"), ("stance_sentence", "予以支持。")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let out = fill("t", "{信访人}：{处理意见}{未知}", &vars, false).expect("fill");
        assert_eq!(out, "张三：予以支持。{未知}");
        assert_eq!(shown_name("review_office"), "复查机关");
        assert_eq!(shown_name("doc_no"), "doc_no");
    }

    #[test]
    fn every_bundled_template_parses() {
        for k in [
            DocKind::AcceptanceNotice,
            DocKind::DeclineNotice,
            DocKind::HandlingOpinion,
            DocKind::ReplyOpinion,
            DocKind::ReplyLetter,
            DocKind::DeliveryReceipt,
            DocKind::OtherStatutoryDocument,
            DocKind::ExtensionNotice,
            DocKind::CompletionReport,
        ] {
            load(k, None).unwrap();
        }
    }

    #[test]
    fn unknown_placeholders_are_errors_only_in_templates() {
        let vars = BTreeMap::from([("a".to_string(), "甲".to_string())]);
        assert_eq!(fill("t", "{a}与{b}", &vars, false).unwrap(), "甲与{b}");
        assert!(fill("t", "{a}与{b}", &vars, true).is_err());
        assert_eq!(fill("t", "{不是}", &vars, true).unwrap(), "{不是}");
    }
}
