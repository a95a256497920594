//! Every command by name, JSON in and JSON out: what the Tauri shell's one invoke and the
//! browser server's `POST /api/<command>` call. Errors come back as `{code, message, field}`.
//! The list below is the contract (contract.rs): each request type names its command and
//! response; the dispatcher, `COMMANDS` and the UI's TypeScript come from it.

use serde_json::Value;

use super::Desk;
use super::contract::commands;
use super::*;
use crate::error::{Error, ErrorPayload, Result};
use crate::time::Time;

commands![
    CaseAddArgs,
    CaseUpdateArgs,
    CaseShowArgs,
    CaseListArgs,
    CaseHistoryArgs,
    CaseSignArgs,
    CaseDecideArgs,
    CaseReplyArgs,
    CaseExtendArgs,
    CaseDocumentArgs,
    CaseSignoffArgs,
    CaseDeliverArgs,
    CaseReceiptArgs,
    CaseAttachmentArgs,
    CaseAttachmentReviewArgs,
    CaseEvaluateArgs,
    CaseReviewRequestArgs,
    CaseReviewOpinionArgs,
    CaseReviewDetailsArgs,
    CaseReturnResultArgs,
    CaseSuperviseArgs,
    CaseCloseArgs,
    CaseReopenArgs,
    CaseFollowUpArgs,
    CaseDeleteArgs,
    CaseRestoreArgs,
    CaseWithdrawArgs,
    CaseMarkRepeatArgs,
    RepeatSuggestArgs,
    CaseRepeatCheckArgs,
    WatchListArgs,
    CaseSheetArgs,
    CaseCheckArgs,
    BreachAddArgs,
    RatesArgs,
    TodayArgs,
    DeadlinesPreviewArgs,
    UnitListArgs,
    RatesByMonthArgs,
    SettingsGetArgs,
    SettingsSetArgs,
    CalendarOverridesArgs,
    CalendarDayArgs,
    LeaderAddArgs,
    LeaderRemoveArgs,
    CalendarOverrideArgs,
    CalendarImportArgs,
    CalendarFloorArgs,
    DocumentDraftArgs,
    DocumentTextArgs,
    DocumentSaveArgs,
    DocNoAllocateArgs,
    DocNoVoidArgs,
    DocNoListArgs,
    DocumentPrintArgs,
    DocumentOpenArgs,
    LedgerExportArgs,
    LedgerImportArgs,
    RoundsPlanArgs,
    RoundDoneArgs,
    RoundsPendingArgs,
    RoundsReportArgs,
    AlertsArgs,
    ReminderSettingsGetArgs,
    ReminderSettingsSetArgs,
    ReminderInboxArgs,
    RoundsReportExportArgs,
    AttachmentInspectArgs,
    AttachmentAddArgs,
    AttachmentsCheckArgs,
    AttachmentsPackageArgs,
    FontSettingsGetArgs,
    FontSettingsSetArgs,
    FontsStatusArgs,
    BackupNowArgs,
    BackupListArgs,
    BackupStatusArgs,
    BackupCheckArgs,
    BackupRestoreArgs,
    BackupSettingsGetArgs,
    BackupSettingsSetArgs,
    AuditVerifyArgs,
    AttachmentUploadArgs,
    AttachmentPagesArgs,
    AttachmentRemoveArgs,
    AttachmentSettingsGetArgs,
    AttachmentSettingsSetArgs,
    VocabularyArgs,
    ClerkProfileGetArgs,
    ClerkProfileSetArgs,
];

pub(super) fn out<T: serde::Serialize>(v: T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::Db(e.to_string()))
}

pub(super) fn args<T: serde::de::DeserializeOwned>(v: Value) -> Result<T> {
    super::contract::decode(v)
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
        .and_then(|()| run_named(desk, command, a, now));
    crate::logging::command_done(
        command,
        case_no.as_deref(),
        started.elapsed(),
        result.as_ref().map(|_| ()).map_err(Error::code),
    );
    result
}
