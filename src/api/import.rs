//! Importing a sheet: [`crate::exchange::import`] reads and checks it against the cases
//! the ledger holds; here the checked cases are written after a backup — new cases added
//! and existing ones replaced (registered fields and the steps they have been through),
//! all in one transaction.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{AddOutcome, Desk, insert_cases};
use crate::domain::{Case, NewCase, Progress};
use crate::error::{Error, Result};
use crate::exchange::import::{self, Checked, Existing, ImportOptions, ImportReport, ImportStep};
use crate::exchange::report::SavedMapping;
use crate::ledger::{SettingStore, cases};
use crate::time::{Time, fmt_time};

/// Imports (or previews, with `dry_run`) the file into the desk's ledger.
pub fn import_file(
    desk: &mut Desk,
    path: &Path,
    opts: &ImportOptions,
    now: &Time,
) -> Result<ImportReport> {
    import_file_with_progress(desk, path, opts, now, &mut |_| {})
}

/// [`import_file`], telling `progress` what it is doing: reading, checking row by row
/// (every 500 rows), writing (one transaction), done.
pub fn import_file_with_progress(
    desk: &mut Desk,
    path: &Path,
    opts: &ImportOptions,
    now: &Time,
    progress: &mut dyn FnMut(ImportStep),
) -> Result<ImportReport> {
    let Checked {
        mut report,
        adds,
        updates,
    } = import::check_file(path, opts, &*desk, progress)?;
    if report.errors_total > 0 || opts.dry_run {
        progress(ImportStep::new("done", 1, 1));
        return Ok(report);
    }
    let writing = adds.len() + updates.len();
    // Issue #8: a backup before every import; without one, nothing is imported.
    desk.backup_now(crate::backup::Reason::BeforeImport, None, now)?;
    progress(ImportStep::new("write", 0, writing));
    if updates.is_empty() {
        report.added = desk.add_cases_with_progress(adds, now)?.len();
    } else {
        let out = desk.import_cases(adds, updates, now)?;
        report.added = out.added.len();
        report.updated = out.updated.len();
    }
    report.imported = true;
    tracing::info!(added = report.added, updated = report.updated, "导入写入");
    progress(ImportStep::new("write", writing, writing));
    progress(ImportStep::new("done", 1, 1));
    if opts.save_mapping && !opts.mapping.is_empty() {
        desk.save_setting(&SavedMapping(opts.mapping.clone()), now)?;
    }
    Ok(report)
}

/// What the import's checks ask of the ledger.
impl Existing for Desk {
    fn saved_mapping(&self) -> Result<BTreeMap<String, String>> {
        Ok(SavedMapping::load(self.ledger.conn())?.0)
    }

    fn unit_names(&self) -> Result<Vec<String>> {
        Ok(self.units()?.into_iter().map(|u| u.name).collect())
    }

    fn case(&self, case_no: &str) -> Result<Option<Case>> {
        let conn = self.ledger.conn();
        match cases::find(conn, case_no, true) {
            Ok(id) => Ok(Some(cases::load(conn, id)?)),
            Err(Error::CaseNotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn has_case(&self, case_no: &str) -> Result<bool> {
        cases::exists(self.ledger.conn(), case_no)
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ImportOutcome {
    pub added: Vec<AddOutcome>,
    pub updated: Vec<String>,
}

impl Desk {
    /// Adds `adds` (through the same insert as [`Desk::add_cases_with_progress`]) and
    /// replaces the registered fields and steps of `updates`, in ONE transaction: any
    /// error and nothing is written.
    pub fn import_cases(
        &mut self,
        adds: Vec<(NewCase, Progress)>,
        updates: Vec<(NewCase, Progress)>,
        now: &Time,
    ) -> Result<ImportOutcome> {
        let (mut adds, mut updates) = (adds, updates);
        for (c, p) in adds.iter_mut().chain(updates.iter_mut()) {
            c.normalize();
            c.validate()?;
            p.validate(c)?;
        }
        let actor = self.actor.clone();
        let super::Begun { tx, cal, rules } = self.begin()?;
        let added = insert_cases(&tx, cal, rules, &actor, adds, now)?;
        let mut updated = Vec::with_capacity(updates.len());
        for (c, p) in updates {
            let id = cases::find(&tx, &c.case_no, false)?;
            let before = cases::load(&tx, id)?;
            if before.info.case_no != c.case_no.trim() {
                return Err(Error::CaseNotFound(c.case_no.trim().into()));
            }
            let unit_id = cases::unit_id(&tx, &c.unit, now)?;
            cases::update_info(&tx, id, &c, unit_id, now)?;
            let t = |x: &Option<Time>| x.as_ref().map(fmt_time);
            let (signed, accepted, replied, evaluated) = (
                t(&p.signed_at),
                t(&p.accepted_at),
                t(&p.replied_at),
                t(&p.evaluated_at),
            );
            cases::set_columns(
                &tx,
                id,
                &[
                    ("signed_at", &signed),
                    ("accepted_at", &accepted),
                    ("method", &p.method),
                    ("method_reason", &p.method_reason),
                    ("replied_at", &replied),
                    ("evaluation", &p.evaluation),
                    ("evaluated_at", &evaluated),
                ],
                now,
            )?;
            let after =
                super::after_change(&tx, id, &before, cal, rules, &actor, "import_update", now)?;
            updated.push(after.info.case_no);
        }
        tx.commit()?;
        Ok(ImportOutcome { added, updated })
    }
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use crate::api::Desk;
    #[allow(unused_imports)]
    use crate::api::contract::{Command, DONE, Done, by_case_no};
    use crate::error::Result;
    use crate::exchange::{ExportOptions, ExportReport, ImportOptions, ImportReport};
    use crate::time::Time;
    use std::path::PathBuf;

    /// 导出台账（.xlsx / .csv）。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct LedgerExportArgs {
        pub path: PathBuf,
        #[serde(default)]
        #[ts(as = "Option<ExportOptions>", optional)]
        pub options: ExportOptions,
    }
    impl Command for LedgerExportArgs {
        const NAME: &'static str = "ledger_export";
        type Response = ExportReport;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<ExportReport> {
            let _ = now;
            crate::api::export_file(desk, &self.path, &self.options, now)
        }
    }

    /// 导入台账（预览或写入）。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct LedgerImportArgs {
        pub path: PathBuf,
        #[serde(default)]
        #[ts(as = "Option<ImportOptions>", optional)]
        pub options: ImportOptions,
    }
    impl Command for LedgerImportArgs {
        const NAME: &'static str = "ledger_import";
        type Response = ImportReport;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<ImportReport> {
            let _ = now;
            crate::api::import_file(desk, &self.path, &self.options, now)
        }
    }
}
