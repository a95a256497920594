//! The compliance badge counts what the attachment check and the receipts say (issue #21 §10):
//! a case with must-fix attachment items is not "规范", and each finding appears once.

use crate::attachments::{Severity as AttSeverity, case::case_findings};
use crate::domain::{Case, Method};
use crate::rules::compliance::{CheckReport, Finding, Severity};

const N_3_4: &str = "永川区信访办通知第三部分第（四）项";

/// The compliance finding that says the same as an attachment-check finding.
fn same_as(code: &str) -> &str {
    match code {
        "attachment_missing" => "attachments_missing",
        "receipt_unsigned" => "receipt_missing",
        "review_supervising_missing" | "review_office_missing" => "attachment_unreviewed",
        other => other,
    }
}

/// Folds the attachment check's must-fix items into the report once the case has reached
/// delivery or upload (before that, missing attachments are the next step, not a fault).
pub fn fold_attachments(report: &mut CheckReport, case: &Case) {
    let Some(method) = case.method else { return };
    let at_upload = !case.attachments.is_empty() || !case.deliveries.is_empty();
    if method == Method::ReturnCase || !at_upload {
        dedupe(report);
        return;
    }
    for f in case_findings(case) {
        if f.severity != AttSeverity::Blocking {
            continue;
        }
        let code = same_as(f.code);
        let mut said = false;
        for existing in report.findings.iter_mut().filter(|x| x.code == code) {
            existing.severity = Severity::Error;
            existing.severity_label = Severity::Error.label();
            said = true;
        }
        if said {
            continue;
        }
        report.findings.push(Finding {
            code: f.code,
            severity: Severity::Error,
            severity_label: Severity::Error.label(),
            message: f.message,
            source: N_3_4.to_string(),
        });
    }
    dedupe(report);
}

/// Each finding once (same code and words), errors first; counts and verdict recomputed.
fn dedupe(report: &mut CheckReport) {
    let mut seen: Vec<(&'static str, String)> = Vec::new();
    report.findings.retain(|f| {
        let key = (f.code, f.message.clone());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
    report.findings.sort_by_key(|f| f.severity);
    report.errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    report.warnings = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    report.verdict = if report.errors == 0 {
        "规范"
    } else {
        "需要处理"
    };
}
