//! 一个文件只放一份文书（N §三.四：各附件须单独上传）。
//!
//! 有文字层的 PDF（本程序生成的文书、扫描软件做过文字识别的扫描件）按每页开头的标题
//! 判断这一页是不是一份文书的第一页；两页以上以不同文书的标题开头，就是把几份文书合在了
//! 一个文件里。没有文字层的扫描件看不出标题，改看鲜章：一份文书只在落款处盖一次章，
//! 两页以上都找到鲜章时提示“可能含有多份文书”（建议处理，不作结论）。

use super::{Finding, PageReport};
use crate::domain::DocKind;

/// 标题只在一页开头这么多个字（去掉空白后）以内找：红头、发文字号、标题都在前面。
const TITLE_WINDOW: usize = 90;

/// 一页文字开头的文书标题所对应的种类。多个名称都出现时取最靠前的那个
/// （送达回证的表格里会列出所送达的文书名称，但“送达回证”标题在它们之前）。
pub fn title_kind(text: &str) -> Option<DocKind> {
    let head: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(TITLE_WINDOW)
        .collect();
    let mut best: Option<(usize, DocKind)> = None;
    let mut consider = |pos: Option<usize>, kind: DocKind| {
        if let Some(p) = pos
            && best.is_none_or(|(b, _)| p < b)
        {
            best = Some((p, kind));
        }
    };
    // “不予受理告知书”包含“受理告知书”：先找长的，短的只认不在“不予”之后的。
    let decline = head.find("不予受理告知书");
    consider(decline, DocKind::DeclineNotice);
    let accept = head
        .match_indices("受理告知书")
        .map(|(i, _)| i)
        .find(|&i| !head[..i].ends_with("不予"));
    consider(accept, DocKind::AcceptanceNotice);
    consider(head.find("处理意见书"), DocKind::HandlingOpinion);
    consider(head.find("答复意见书"), DocKind::ReplyOpinion);
    consider(head.find("送达回证"), DocKind::DeliveryReceipt);
    // 回复函的标题是“关于……的回复”。
    if let Some(start) = head.find("关于")
        && let Some(end) = head[start..].find("的回复")
    {
        consider(Some(start + end), DocKind::ReplyLetter);
    }
    best.map(|(_, k)| k)
}

/// 由每页标题得出的结论：不同种类的文书各有一页开头 → 必须拆分；
/// 只有一种且与添加时选的种类不符 → 提示核对。
pub fn one_document(titles: &[(u32, Option<DocKind>)], declared: Option<DocKind>) -> Vec<Finding> {
    let mut starts: Vec<(u32, DocKind)> = Vec::new();
    for &(page, kind) in titles {
        if let Some(k) = kind
            && starts.last().is_none_or(|(_, last)| *last != k)
        {
            starts.push((page, k));
        }
    }
    let mut kinds: Vec<DocKind> = starts.iter().map(|(_, k)| *k).collect();
    kinds.sort_by_key(|k| k.code());
    kinds.dedup();
    if kinds.len() >= 2 {
        let list: Vec<String> = starts
            .iter()
            .map(|(p, k)| format!("第 {p} 页起为{}", k.label()))
            .collect();
        return vec![Finding::blocking(
            "several_documents",
            format!(
                "一个文件里有 {} 份文书（{}）。平台要求每份文书单独上传：请把它们拆成单独的文件，分别添加并选择对应的文书种类。",
                starts.len(),
                list.join("，")
            ),
        )];
    }
    match (kinds.first(), declared) {
        (Some(found), Some(d)) if !same_slot(*found, d) => vec![Finding::warning(
            "kind_mismatch",
            format!(
                "文件内容的标题是“{}”，但添加时选的是“{}”。请核对：选错了种类就删除后重新添加。",
                found.label(),
                d.label()
            ),
        )],
        _ => Vec::new(),
    }
}

/// 答复意见书与处理意见书可以互相替代（其他法定途径受理的第二份附件，domain.md §3）。
fn same_slot(a: DocKind, b: DocKind) -> bool {
    a == b
        || matches!(
            (a, b),
            (DocKind::ReplyOpinion, DocKind::HandlingOpinion)
                | (DocKind::HandlingOpinion, DocKind::ReplyOpinion)
        )
}

/// 没有文字层时的旁证：两页以上各有一枚鲜章。
pub fn several_seals(pages: &[PageReport], had_titles: bool) -> Option<Finding> {
    if had_titles {
        return None;
    }
    let sealed: Vec<String> = pages
        .iter()
        .filter(|p| p.seal.is_some())
        .map(|p| p.page.to_string())
        .collect();
    (sealed.len() >= 2).then(|| {
        Finding::warning(
            "several_documents_maybe",
            format!(
                "第 {} 页都盖有鲜章。一份文书通常只在落款处盖一次章，这个文件可能含有多份文书：如是，请拆成单独的文件分别添加。",
                sealed.join("、")
            ),
        )
    })
}
