//! Every command by name, JSON in and JSON out: what the Tauri shell's one invoke and the
//! browser server's `POST /api/<command>` call. Errors come back as `{code, message}`.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{DeliveryInput, Desk, DocumentInput};
use crate::calendar::DayOverride;
use crate::domain::{
    BreachNotice, DocKind, Evaluation, LeaderRole, NewCase, ReviewKind, Reviewer, time_serde,
};
use crate::error::{Error, ErrorPayload, Result};
use crate::ledger::query::CaseFilter;
use crate::time::Time;

/// The names `dispatch` answers to, for the shells to list mechanically.
pub const COMMANDS: &[&str] = &[
    "case_add",
    "case_update",
    "case_show",
    "case_list",
    "case_history",
    "case_sign",
    "case_decide",
    "case_reply",
    "case_extend",
    "case_document",
    "case_signoff",
    "case_deliver",
    "case_attachment",
    "case_attachment_review",
    "case_evaluate",
    "case_review_request",
    "case_review_opinion",
    "case_review_details",
    "case_delete",
    "case_restore",
    "case_mark_repeat",
    "case_check",
    "breach_add",
    "rates",
    "today",
    "deadlines_preview",
    "unit_list",
    "rates_by_month",
    "settings_get",
    "settings_set",
    "calendar_overrides",
    "calendar_day",
    "leader_add",
    "leader_remove",
    "calendar_override",
    "calendar_import",
    "calendar_floor",
    "document_draft",
    "doc_no_allocate",
    "doc_no_void",
    "doc_no_list",
    "document_print",
    "document_open",
    "ledger_export",
    "ledger_import",
    "rounds_plan",
    "round_done",
    "rounds_pending",
    "rounds_report",
    "alerts",
    "reminder_settings_get",
    "reminder_settings_set",
    "reminder_inbox",
    "rounds_report_export",
    "attachment_inspect",
    "attachment_add",
    "attachments_check",
    "attachments_package",
    "font_settings_get",
    "font_settings_set",
    "fonts_status",
    "backup_now",
    "backup_list",
    "backup_status",
    "backup_check",
    "backup_restore",
    "backup_settings_get",
    "backup_settings_set",
    "audit_verify",
    "attachment_upload",
    "attachment_pages",
    "attachment_remove",
    "attachment_settings_get",
    "attachment_settings_set",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseNo {
    case_no: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct At {
    case_no: String,
    #[serde(with = "time_serde")]
    at: Time,
}

pub(super) fn args<T: DeserializeOwned>(v: Value) -> Result<T> {
    serde_json::from_value(v).map_err(|e| Error::BadJson {
        line: 0,
        column: 0,
        detail: e.to_string(),
    })
}

pub(super) fn out<T: serde::Serialize>(v: T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::Db(e.to_string()))
}

/// Runs one command. `now` is injected so the shells and tests control time.
pub fn dispatch(
    desk: &mut Desk,
    command: &str,
    a: Value,
    now: &Time,
) -> std::result::Result<Value, ErrorPayload> {
    run(desk, command, a, now).map_err(|e| e.payload())
}

/// The typed-error form of [`dispatch`], for Rust callers such as the CLI. Each call is
/// logged by name, case number, duration and error code — never its arguments.
pub fn run(desk: &mut Desk, command: &str, a: Value, now: &Time) -> Result<Value> {
    let started = std::time::Instant::now();
    let case_no = a
        .get("case_no")
        .or_else(|| a.get("case").and_then(|c| c.get("case_no")))
        .and_then(Value::as_str)
        .map(str::to_owned);
    // Another process may have changed the calendar or the rules since the last command.
    let result = desk
        .refresh()
        .and_then(|()| run_inner(desk, command, a, now));
    crate::logging::command_done(
        command,
        case_no.as_deref(),
        started.elapsed(),
        result.as_ref().map(|_| ()).map_err(Error::code),
    );
    result
}

fn run_inner(desk: &mut Desk, command: &str, a: Value, now: &Time) -> Result<Value> {
    match command {
        "case_add" => {
            #[derive(Deserialize)]
            struct A {
                case: NewCase,
            }
            let a: A = args(a)?;
            out(desk.add_case(a.case, now)?)
        }
        "case_update" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                changes: Value,
            }
            let a: A = args(a)?;
            out(desk.update_case(&a.case_no, &a.changes, now)?)
        }
        "case_show" => out(desk.show_case(&args::<CaseNo>(a)?.case_no, now)?),
        "case_list" => out(desk.list_cases(&args::<CaseFilter>(a)?, now)?),
        "case_history" => out(desk.history(&args::<CaseNo>(a)?.case_no)?),
        "case_check" => out(desk.check(&args::<CaseNo>(a)?.case_no, now)?),
        "case_sign" => {
            let a: At = args(a)?;
            out(desk.sign_for(&a.case_no, a.at, now)?)
        }
        "case_decide" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                method: String,
                #[serde(with = "time_serde")]
                at: Time,
                #[serde(default)]
                reason: Option<String>,
                #[serde(default)]
                ground: Option<crate::domain::DeclineGround>,
                #[serde(default)]
                redirect_to: Option<String>,
            }
            let a: A = args(a)?;
            out(desk.decide_with(
                &a.case_no,
                &a.method,
                a.at,
                a.reason,
                super::lifecycle::DecideDetails {
                    ground: a.ground,
                    redirect_to: a.redirect_to,
                },
                now,
            )?)
        }
        "case_reply" => {
            let a: At = args(a)?;
            out(desk.reply(&a.case_no, a.at, now)?)
        }
        "case_extend" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                days: u32,
                approved_by: String,
                #[serde(default)]
                reason: String,
                #[serde(with = "time_serde")]
                at: Time,
            }
            let a: A = args(a)?;
            out(desk.extend(&a.case_no, a.days, &a.approved_by, &a.reason, a.at, now)?)
        }
        "case_document" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                document: DocumentInput,
            }
            let a: A = args(a)?;
            out(desk.record_document(&a.case_no, a.document, now)?)
        }
        "case_signoff" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                kind: DocKind,
                role: LeaderRole,
                leader: String,
                #[serde(with = "time_serde")]
                at: Time,
            }
            let a: A = args(a)?;
            out(desk.signoff(&a.case_no, a.kind, a.role, &a.leader, a.at, now)?)
        }
        "case_deliver" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                delivery: DeliveryInput,
            }
            let a: A = args(a)?;
            out(desk.deliver(&a.case_no, a.delivery, now)?)
        }
        "case_attachment" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                kind: DocKind,
                file_name: String,
                #[serde(default)]
                sha256: Option<String>,
                #[serde(with = "time_serde")]
                at: Time,
            }
            let a: A = args(a)?;
            out(desk.record_attachment(&a.case_no, a.kind, &a.file_name, a.sha256, a.at, now)?)
        }
        "case_attachment_review" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                file_name: String,
                reviewer: Reviewer,
                #[serde(with = "time_serde")]
                at: Time,
            }
            let a: A = args(a)?;
            out(desk.review_attachment(&a.case_no, &a.file_name, a.reviewer, a.at, now)?)
        }
        "case_evaluate" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                result: Evaluation,
                #[serde(with = "time_serde")]
                at: Time,
            }
            let a: A = args(a)?;
            out(desk.evaluate(&a.case_no, a.result, a.at, now)?)
        }
        "case_review_request" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                kind: ReviewKind,
                #[serde(with = "time_serde")]
                at: Time,
            }
            let a: A = args(a)?;
            out(desk.request_review(&a.case_no, a.kind, a.at, now)?)
        }
        "case_review_opinion" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                kind: ReviewKind,
                #[serde(with = "time_serde")]
                at: Time,
                #[serde(default)]
                result: Option<String>,
            }
            let a: A = args(a)?;
            out(desk.review_opinion(&a.case_no, a.kind, a.at, a.result, now)?)
        }
        "case_review_details" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                kind: ReviewKind,
                #[serde(default)]
                received_on: Option<chrono::NaiveDate>,
                #[serde(default)]
                hearing_days: Option<u32>,
            }
            let a: A = args(a)?;
            out(desk.review_details(&a.case_no, a.kind, a.received_on, a.hearing_days, now)?)
        }
        "case_delete" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                reason: String,
            }
            let a: A = args(a)?;
            out(desk.delete_case(&a.case_no, &a.reason, now)?)
        }
        "case_restore" => out(desk.restore_case(&args::<CaseNo>(a)?.case_no, now)?),
        "case_mark_repeat" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                repeat_of: String,
            }
            let a: A = args(a)?;
            out(desk.mark_repeat(&a.case_no, &a.repeat_of, now)?)
        }
        "breach_add" => {
            desk.record_breach(args::<BreachNotice>(a)?, now)?;
            Ok(json!({ "ok": true }))
        }
        "rates" => {
            #[derive(Deserialize)]
            struct A {
                year: i32,
                #[serde(default)]
                unit: Option<String>,
            }
            let a: A = args(a)?;
            out(desk.rates(a.year, a.unit.as_deref(), now)?)
        }
        "today" => out(desk.today(now, 50)?),
        "unit_list" => out(desk.units()?),
        "rates_by_month" => {
            #[derive(Deserialize)]
            struct A {
                year: i32,
                #[serde(default)]
                unit: Option<String>,
            }
            let a: A = args(a)?;
            out(desk.rates_by_month(a.year, a.unit.as_deref(), now)?)
        }
        "settings_get" => out(desk.settings()),
        "settings_set" => {
            desk.set_rule_settings(args::<crate::rules::RuleSettings>(a)?, now)?;
            out(desk.settings())
        }
        "calendar_overrides" => out(desk.calendar_overrides()?),
        "calendar_day" => {
            #[derive(Deserialize)]
            struct A {
                date: chrono::NaiveDate,
            }
            let a: A = args(a)?;
            let cal = desk.calendar();
            Ok(json!({
                "date": a.date,
                "working": cal.is_working_day(a.date),
                "description": cal.describe(a.date),
                "warning": cal.coverage_warning(a.date),
            }))
        }
        "leader_add" | "leader_remove" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                unit: String,
                name: String,
                role: LeaderRole,
            }
            let a: A = args(a)?;
            if command == "leader_add" {
                desk.add_leader(&a.unit, &a.name, a.role, now)?;
            } else {
                desk.remove_leader(&a.unit, &a.name, a.role, now)?;
            }
            out(desk.units()?)
        }
        "deadlines_preview" => {
            #[derive(Deserialize)]
            struct A {
                #[serde(with = "time_serde")]
                arrived_at: Time,
                #[serde(default, with = "time_serde::option")]
                accepted_at: Option<Time>,
            }
            let a: A = args(a)?;
            out(Desk::preview_deadlines(
                desk.calendar(),
                desk.settings(),
                &a.arrived_at,
                a.accepted_at.as_ref(),
                now,
            ))
        }
        "calendar_override" => {
            desk.override_day(args::<DayOverride>(a)?, now)?;
            Ok(json!({ "ok": true }))
        }
        "calendar_floor" => {
            #[derive(Deserialize)]
            struct A {
                year: i32,
            }
            let a: A = args(a)?;
            if !(2000..=2100).contains(&a.year) {
                return Err(Error::invalid("年份", "应在 2000 到 2100 之间"));
            }
            out(desk.calendar().floor_of(a.year))
        }
        "calendar_import" => {
            #[derive(Deserialize)]
            struct A {
                text: String,
            }
            let a: A = args(a)?;
            let year = desk.import_calendar_year("导入的年度文件", &a.text, now)?;
            Ok(json!({ "year": year }))
        }
        "document_draft" => {
            #[derive(Deserialize)]
            struct A {
                case_no: String,
                /// Where to write the PDF (the shells pass a path in the case's folder).
                out: String,
                #[serde(flatten)]
                request: crate::documents::DraftRequest,
            }
            let a: A = args(a)?;
            let d = desk.draft_document(&a.case_no, &a.request, now)?;
            desk.save_document(std::path::Path::new(&a.out), &d.pdf)?;
            let mut v = out(&d)?;
            if let Value::Object(m) = &mut v {
                m.insert("path".into(), Value::String(a.out));
            }
            Ok(v)
        }
        "doc_no_allocate" => out(desk.doc_no_allocate(&args::<super::DocNoRequest>(a)?, now)?),
        "doc_no_void" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                doc_no: String,
                reason: String,
            }
            let a: A = args(a)?;
            out(desk.doc_no_void(&a.doc_no, &a.reason, now)?)
        }
        "doc_no_list" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                #[serde(default)]
                unit: Option<String>,
                #[serde(default)]
                year: Option<i32>,
            }
            let a: A = args(a)?;
            out(desk.doc_no_list(a.unit.as_deref(), a.year)?)
        }
        "document_print" | "document_open" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                path: String,
                #[serde(default)]
                printer: Option<String>,
            }
            let a: A = args(a)?;
            let path = desk.viewable_document(std::path::Path::new(&a.path))?;
            let path = path.as_path();
            if command == "document_print" {
                let answer = crate::documents::printing::print_pdf(path, a.printer.as_deref())?;
                Ok(json!({ "ok": true, "spooler": answer }))
            } else {
                crate::documents::printing::open_pdf(path)?;
                Ok(json!({ "ok": true }))
            }
        }
        "attachment_inspect" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                path: std::path::PathBuf,
                #[serde(default)]
                kind: Option<DocKind>,
                #[serde(default)]
                case_no: Option<String>,
            }
            let a: A = args(a)?;
            out(desk.inspect_file(&a.path, a.kind, a.case_no.as_deref())?)
        }
        "attachment_add" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                case_no: String,
                path: std::path::PathBuf,
                kind: DocKind,
            }
            let a: A = args(a)?;
            out(desk.attach_file(&a.case_no, &a.path, a.kind, now)?)
        }
        "attachments_check" => out(desk.check_attachments(&args::<CaseNo>(a)?.case_no, now)?),
        "attachments_package" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                case_no: String,
                out: std::path::PathBuf,
                #[serde(default)]
                override_reason: Option<String>,
            }
            let a: A = args(a)?;
            out(desk.package_attachments(&a.case_no, &a.out, a.override_reason.as_deref(), now)?)
        }
        "attachment_upload" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                case_no: String,
                kind: DocKind,
                name: String,
                data_base64: String,
            }
            let a: A = args(a)?;
            out(desk.upload_attachment(&a.case_no, &a.name, &a.data_base64, a.kind, now)?)
        }
        "attachment_pages" | "attachment_remove" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                case_no: String,
                file_name: String,
            }
            let a: A = args(a)?;
            if command == "attachment_pages" {
                out(desk.attachment_pages(&a.case_no, &a.file_name, now)?)
            } else {
                out(desk.remove_attachment(&a.case_no, &a.file_name, now)?)
            }
        }
        "attachment_settings_get" => out(desk.attachment_settings()?),
        "attachment_settings_set" => {
            let s = args::<crate::attachments::AttachmentSettings>(a)?;
            out(desk.set_attachment_settings(s, now)?)
        }
        "ledger_export" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                path: std::path::PathBuf,
                #[serde(default)]
                options: crate::exchange::ExportOptions,
            }
            let a: A = args(a)?;
            out(super::export_file(desk, &a.path, &a.options, now)?)
        }
        "ledger_import" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                path: std::path::PathBuf,
                #[serde(default)]
                options: crate::exchange::ImportOptions,
            }
            let a: A = args(a)?;
            out(super::import_file(desk, &a.path, &a.options, now)?)
        }
        "rounds_plan" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                from: chrono::NaiveDate,
                to: chrono::NaiveDate,
            }
            let a: A = args(a)?;
            out(desk.rounds_plan(a.from, a.to, now)?)
        }
        "round_done" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                #[serde(default, with = "time_serde::option")]
                at: Option<Time>,
                #[serde(default)]
                new_items: u32,
            }
            let a: A = args(a)?;
            out(desk.round_done(a.at, a.new_items, now)?)
        }
        "rounds_pending" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                #[serde(default, with = "time_serde::option")]
                since: Option<Time>,
            }
            let a: A = args(a)?;
            out(desk.rounds_pending(a.since, now)?)
        }
        "rounds_report" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                month: String,
            }
            let a: A = args(a)?;
            out(desk.rounds_report(&a.month, now)?)
        }
        "alerts" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                #[serde(default)]
                from: Option<chrono::NaiveDate>,
                #[serde(default)]
                to: Option<chrono::NaiveDate>,
            }
            let a: A = args(a)?;
            let today = crate::time::china_date(now);
            let from = a.from.unwrap_or(today);
            out(desk.alerts(from, a.to.unwrap_or(from))?)
        }
        "reminder_settings_get" => out(desk.reminder_settings()?),
        "reminder_inbox" => out(desk.reminder_inbox(now)?),
        "rounds_report_export" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                month: String,
                path: std::path::PathBuf,
            }
            let a: A = args(a)?;
            out(desk.rounds_report_export(&a.month, &a.path, now)?)
        }
        "reminder_settings_set" => {
            let s: crate::reminders::ReminderSettings = args(a)?;
            out(desk.set_reminder_settings(s, now)?)
        }
        "font_settings_get" => out(desk.font_settings()?),
        "font_settings_set" => {
            let s: crate::documents::FontSettings = args(a)?;
            out(desk.set_font_settings(s, now)?)
        }
        "fonts_status" => out(desk.font_status()?),
        "backup_now" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                #[serde(default)]
                to: Option<std::path::PathBuf>,
            }
            let a: A = args(a)?;
            let b = desk.backup_now(crate::backup::Reason::Manual, a.to.as_deref(), now)?;
            Ok(json!({ "backup": b, "status": desk.backup_status(now)? }))
        }
        "backup_list" => out(desk.backup_list()?),
        "backup_status" => out(desk.backup_status(now)?),
        "backup_check" | "backup_restore" => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                path: std::path::PathBuf,
            }
            let a: A = args(a)?;
            if command == "backup_check" {
                out(desk.backup_check(&a.path)?)
            } else {
                out(desk.restore_backup(&a.path, now)?)
            }
        }
        "backup_settings_get" => out(desk.backup_settings()?),
        "backup_settings_set" => {
            let s: crate::backup::BackupSettings = args(a)?;
            out(desk.set_backup_settings(s, now)?)
        }
        "audit_verify" => out(desk.audit_verify()?),
        other => Err(Error::invalid("命令", format!("没有名为“{other}”的命令"))),
    }
}
