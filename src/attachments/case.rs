//! 逐件检查：按办理方式是否齐全、每种一份、处理意见书有文号、两级审核已记录；
//! 以及按内容哈希存放副本、打包的文件名与顺序。

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{FileReport, Finding, Severity};
use crate::domain::{Case, DocKind, Method};

/// 一件的附件结论：`可以上传` 或 `需要处理`（附清单）。
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CaseAttachmentReport {
    pub case_no: String,
    pub method: Option<Method>,
    pub verdict: &'static str,
    pub ok: bool,
    /// 整件层面的发现（缺件、重复、文号、审核）。
    pub findings: Vec<Finding>,
    /// 逐个文件的检查结果（按平台顺序）。
    pub files: Vec<FileReport>,
}

impl CaseAttachmentReport {
    /// 全部必须处理的问题，每条前面注明文件。
    pub fn blocking_list(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Blocking)
            .map(|f| f.message.clone())
            .collect();
        for file in &self.files {
            for f in file.blocking() {
                out.push(format!("{}：{}", file.file_name, f.message));
            }
        }
        out
    }
}

pub const VERDICT_OK: &str = "可以上传";
pub const VERDICT_FIX: &str = "需要处理";

/// 副本存放位置：`<台账所在文件夹>/附件/<哈希前两位>/<哈希>`。
pub fn stored_path(store: &Path, sha256: &str) -> PathBuf {
    let prefix = sha256.get(..2).unwrap_or("00");
    store.join(prefix).join(sha256)
}

/// 平台顺序中该种类的位置（办理方式规定的附件次序）。
pub fn platform_order(method: Method, kind: DocKind) -> usize {
    method
        .required_attachments()
        .iter()
        .position(|slot| slot.contains(&kind))
        .unwrap_or(usize::MAX)
}

/// 一个附件位置允许的份数：送达回证每次送达一份（至少一份），其余每种一份。
fn allowed(slot: &[DocKind], case: &Case) -> usize {
    if slot == [DocKind::DeliveryReceipt] {
        case.deliveries.len().max(1)
    } else {
        1
    }
}

/// 送达回证与送达记录对应（N §三.三：送达须有受送达人签收的送达回证）：
/// 要上传的每份文书都已登记送达；每次送达都已签收，并各有一份回证扫描件。
fn delivery_findings(case: &Case, slots: &[&[DocKind]]) -> Vec<Finding> {
    let mut out = Vec::new();
    let receipts = case
        .attachments
        .iter()
        .filter(|a| a.kind == DocKind::DeliveryReceipt)
        .count();
    if case.deliveries.is_empty() {
        out.push(Finding::blocking(
            "delivery_missing",
            "台账中还没有送达记录：文书须送达信访人、取得签收的送达回证后再上传。请先登记送达（送达方式、受送达人、送达的文书）。",
        ));
        return out;
    }
    // 要上传的文书（送达回证除外）是否都登记过送达。
    let delivered = |k: DocKind| case.deliveries.iter().any(|d| d.documents.contains(&k));
    for a in &case.attachments {
        let uploadable = slots
            .iter()
            .any(|s| s.contains(&a.kind) && *s != [DocKind::DeliveryReceipt]);
        if uploadable && !delivered(a.kind) {
            out.push(Finding::blocking(
                "not_delivered",
                format!(
                    "{}（“{}”）还没有登记送达，没有对应的送达回证。请送达后登记送达，并上传该次送达的送达回证。",
                    a.kind.label(),
                    a.file_name
                ),
            ));
        }
    }
    for (i, d) in case.deliveries.iter().enumerate() {
        if !d.receipt_signed {
            let docs: Vec<&str> = d.documents.iter().map(|k| k.label()).collect();
            out.push(Finding::blocking(
                "receipt_unsigned",
                format!(
                    "第 {} 次送达（{}，{}，受送达人 {}）的送达回证尚未登记签收。请受送达人签名或盖章（拒收的按留置送达登记见证人）后，在送达记录中登记“回证已签收”。",
                    i + 1,
                    crate::time::china_date(&d.at),
                    docs.join("、"),
                    d.recipient
                ),
            ));
        }
    }
    let n = case.deliveries.len();
    if receipts > 0 && receipts < n {
        out.push(Finding::blocking(
            "receipt_missing_for_delivery",
            format!(
                "台账中登记了 {n} 次送达，只有 {receipts} 份送达回证。每次送达的回证都须扫描上传：请补齐其余 {} 份。",
                n - receipts
            ),
        ));
    }
    out
}

/// 整件层面的检查（不含逐文件检查）。
pub fn case_findings(case: &Case) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(method) = case.method else {
        out.push(Finding::blocking(
            "method_missing",
            "尚未确定办理方式，不知道该上传哪些附件。请先登记办理方式。",
        ));
        return out;
    };
    if method == Method::ReturnCase {
        if !case.attachments.is_empty() {
            out.push(Finding::warning(
                "unexpected_kind",
                "退件不上传附件，只需写明异议理由。已添加的附件不会打包。",
            ));
        }
        return out;
    }
    let slots = method.required_attachments();
    for slot in slots {
        let n = case
            .attachments
            .iter()
            .filter(|a| slot.contains(&a.kind))
            .count();
        let names: Vec<&str> = slot.iter().map(|k| k.label()).collect();
        let names = names.join("或");
        if n == 0 {
            out.push(Finding::blocking(
                "attachment_missing",
                format!(
                    "{}件须上传{names}，目前缺少。请扫描后用“添加附件”加入。",
                    method.label()
                ),
            ));
        } else if n > allowed(slot, case) {
            out.push(Finding::blocking(
                "attachment_duplicate",
                if slot == &[DocKind::DeliveryReceipt] {
                    format!(
                        "送达回证有 {n} 份，台账中登记了 {} 次送达，每次送达一份回证。请删去多余的一份，或补登送达记录。",
                        case.deliveries.len()
                    )
                } else {
                    format!("{names}有 {n} 份，每种只应上传一份。请删去多余的一份。")
                },
            ));
        }
    }
    if slots.iter().any(|s| s == &[DocKind::DeliveryReceipt]) {
        out.extend(delivery_findings(case, slots));
    }
    for a in &case.attachments {
        if !slots.iter().any(|s| s.contains(&a.kind)) {
            out.push(Finding::warning(
                "unexpected_kind",
                format!(
                    "“{}”是{}，{}件不需要上传此类文书，打包时不会包含。",
                    a.file_name,
                    a.kind.label(),
                    method.label()
                ),
            ));
        }
    }
    if slots.iter().any(|s| s == &[DocKind::HandlingOpinion]) {
        let has_no = case.documents.iter().any(|d| {
            d.kind == DocKind::HandlingOpinion
                && d.doc_no.as_deref().is_some_and(|n| !n.trim().is_empty())
        });
        if !has_no {
            out.push(Finding::blocking(
                "doc_no_missing",
                "处理意见书须为红头文件并有文号，台账中尚未登记文号。请先分配文号并登记文书。",
            ));
        }
    }
    for a in &case.attachments {
        if !slots.iter().any(|s| s.contains(&a.kind)) {
            continue;
        }
        if a.reviewed_supervising_at.is_none() {
            out.push(Finding::blocking(
                "review_supervising_missing",
                format!(
                    "“{}”尚未经分管领导审核。请分管领导审核后登记。",
                    a.file_name
                ),
            ));
        } else if a.reviewed_office_at.is_none() {
            out.push(Finding::blocking(
                "review_office_missing",
                format!(
                    "“{}”尚未经区信访办工作人员审核。请报区信访办审核后登记。",
                    a.file_name
                ),
            ));
        }
    }
    out
}
