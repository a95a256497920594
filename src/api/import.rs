//! Importing a ledger whose case numbers may already be registered: new cases are added
//! and existing ones replaced (registered fields and the steps they have been through),
//! all in one transaction.

use serde::Serialize;

use super::{AddOutcome, Desk, insert_cases};
use crate::domain::{NewCase, Progress};
use crate::error::{Error, Result};
use crate::ledger::cases;
use crate::time::{Time, fmt_time};

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
        for (c, p) in adds.iter().chain(updates.iter()) {
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
            crate::exchange::export_file(desk, &self.path, &self.options, now)
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
            crate::exchange::import_file(desk, &self.path, &self.options, now)
        }
    }
}
