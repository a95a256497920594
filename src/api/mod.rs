//! The one command surface. Every action a front end can take is a method of [`Desk`];
//! the CLI calls them directly and [`dispatch`] exposes them by name with JSON in and out
//! for the desktop shell and the browser server.

mod attachments;
mod backup;
mod badge;
mod clerk;
mod contract;
mod derived;
mod dispatch;
mod documents;
mod export;
mod gate;
mod import;
mod inbox;
mod lifecycle;
mod reports;
mod rounds;
mod triage;
mod units;
mod vocabulary;
mod withdraw;
mod workflow;

pub use crate::domain::Progress;
// The ledger's list types and its default place, for the doors (CLI, shell, server): they
// reach the ledger only through this module.
pub use crate::ledger::default_path as default_ledger_path;
pub use crate::ledger::query::{CaseFilter, CaseList, CaseSummary, SortKey};
pub use crate::ledger::schema::CURRENT_VERSION as CURRENT_SCHEMA_VERSION;
pub use crate::ledger::similar::RepeatCandidate;
pub use attachments::{
    AttachOutcome, FilePages, MANIFEST_NAME, PackageOutcome, PageView, UPLOAD_MAX_BYTES,
};
pub use backup::BackupStatus;
pub use contract::{Command, Done, decode, field_label};
pub use dispatch::{COMMANDS, bindings, dispatch, run as run_command};
pub use documents::DocNoRequest;
pub use export::export_file;
pub use gate::{GATE_COMMANDS, Gate, LOCKED_ALLOWED, LockStatus};
pub use import::{ImportOutcome, import_file, import_file_with_progress};
pub use inbox::{CurrentRound, Inbox, ReportDay, RoundsExport, report_days};
pub use lifecycle::ReceiptInput;
pub use lifecycle::{DecideDetails, DeliveryInput, DocumentInput};
pub use reports::{MonthRates, RatesReport, TodaySummary};
pub use rounds::{
    NOTICE_ROUND, Notice, Pending, PendingRound, RoundDone, RoundStatus, RoundView, RoundsPlan,
    RoundsReport, notices, parse_month,
};
pub use units::{Leader, UnitInfo};
pub use workflow::{
    CaseCloseArgs, CaseFollowUpArgs, CaseReopenArgs, CaseReturnResultArgs, CaseSuperviseArgs,
};
// The command contract's request types (contract.rs), each beside its Desk method.
pub use attachments::requests::*;
pub use backup::requests::*;
pub use clerk::ClerkProfile;
pub use clerk::requests::*;
pub use documents::requests::*;
pub use import::requests::*;
pub use inbox::requests::*;
pub use lifecycle::requests::*;
pub use reports::requests::*;
pub use rounds::requests::*;
pub use triage::requests::*;
pub use triage::{RepeatQuery, WatchItem, WatchList};
pub use units::requests::*;
pub use vocabulary::{MethodInfo, Term, Vocabulary, VocabularyArgs, vocabulary};
pub use withdraw::WithdrawStep;
pub use withdraw::requests::*;

use std::path::Path;

use rusqlite::Transaction;
use serde::Serialize;

use crate::calendar::{Calendar, DayOverride, parse_year_file};
use crate::domain::{Case, NewCase};
use crate::error::{Error, Result};
use crate::ledger::cases;
use crate::ledger::query;
use crate::ledger::similar;
use crate::ledger::{Ledger, audit};
use crate::rules::RuleSettings;
use crate::rules::compliance::{self, CheckReport};
use crate::rules::deadlines::{self, CaseTimes, Deadline};
use crate::time::{Time, china_date, fmt_date, read_date};

pub struct Desk {
    ledger: Ledger,
    calendar: Calendar,
    settings: RuleSettings,
    /// The ledger's `config_revision` that `calendar` and `settings` were read at, and the
    /// connection's `data_version` when that was last checked (see [`Desk::refresh`]).
    config_revision: i64,
    data_version: i64,
    /// Who the audit log names: [`Desk::with_actor`] or `XINFANG_ACTOR`, else the clerk's
    /// name from the profile (clerk.rs), else the login name, else "经办人".
    actor: String,
    actor_given: Option<String>,
}

/// A write transaction opened by [`Desk::begin`], with the calendar and rule settings as
/// committed when it began.
struct Begun<'a> {
    tx: Transaction<'a>,
    cal: &'a Calendar,
    rules: &'a RuleSettings,
}

/// A case with what the rules say about it now.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CaseView {
    pub case: Case,
    pub deadlines: Vec<Deadline>,
    pub check: CheckReport,
    /// What can be done with the case now, and why not (rules/actions.rs).
    pub actions: Vec<crate::rules::actions::Action>,
    /// What the clerk must know about the case's state now (退件待审核, a refused 退件's
    /// clock, the evaluation to guide…), in Chinese.
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AddOutcome {
    pub case_no: String,
    /// Earlier cases by the same person (ID number, or name + phone) or about the same
    /// matter (address, similar words), best first: possibly a 重复信访 (N §三.三).
    pub possible_repeats: Vec<RepeatCandidate>,
    /// 初信初访: no earlier case by the same person and not linked as a repeat (N §三.三).
    pub first_petition: bool,
    pub deadlines: Vec<Deadline>,
    /// 条例 §36 ¶3: the earlier case it repeats has a 复核 opinion — the same matter on the
    /// same facts and reasons is not accepted again.
    pub not_accepted_again: Option<String>,
}

impl Desk {
    /// Opens (creating if asked) the ledger and loads the calendar and rule settings it holds.
    pub fn open(path: &Path, create: bool) -> Result<Self> {
        let opening = if create {
            Ledger::open_or_create(path)?
        } else {
            Ledger::open_existing(path)?
        };
        Self::from_ledger(migrate(opening)?)
    }

    /// Opens an encrypted ledger with its data key (see [`crate::security`]).
    pub fn open_encrypted(path: &Path, key: crate::security::DataKey) -> Result<Self> {
        Self::from_ledger(migrate(Ledger::open_encrypted(path, key)?)?)
    }

    fn from_ledger(ledger: Ledger) -> Result<Self> {
        let mut desk = Desk {
            calendar: Calendar::bundled(),
            settings: RuleSettings::default(),
            config_revision: -1,
            data_version: -1,
            ledger,
            actor: String::new(),
            actor_given: std::env::var("XINFANG_ACTOR")
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        };
        desk.refresh()?;
        Ok(desk)
    }

    /// Reads the calendar and rule settings again when another process (the CLI, a second
    /// window, `serve`) changed them since this desk last looked. Cheap when nothing changed:
    /// one `PRAGMA data_version`. Every command of [`dispatch`] starts with it; writes check
    /// again inside their transaction ([`Desk::begin`]).
    pub fn refresh(&mut self) -> Result<()> {
        let conn = self.ledger.conn();
        let version = crate::ledger::data_version(conn)?;
        if version == self.data_version {
            return Ok(());
        }
        let revision = crate::ledger::config_revision(conn)?;
        if revision != self.config_revision {
            self.calendar = calendar_of(conn)?;
            self.settings = load_rule_settings(conn)?;
            self.config_revision = revision;
            let clerk =
                <clerk::ClerkProfile as crate::ledger::SettingStore>::load(conn)?.clerk_name;
            self.actor = self
                .actor_given
                .clone()
                .or(clerk)
                .unwrap_or_else(login_actor);
        }
        self.data_version = version;
        Ok(())
    }

    /// Reads the calendar and rule settings again now (after this desk changed them, or
    /// replaced the ledger file).
    pub(crate) fn reload_config(&mut self) -> Result<()> {
        self.config_revision = -1;
        self.data_version = -1;
        self.refresh()
    }

    /// A write transaction (BEGIN IMMEDIATE) whose calendar and rule settings are the ones
    /// committed when it began: read inside the transaction, so no other process can change
    /// them between the check and this write.
    fn begin(&mut self) -> Result<Begun<'_>> {
        let Desk {
            ledger,
            calendar,
            settings,
            config_revision,
            ..
        } = self;
        let tx = ledger.write()?;
        let revision = crate::ledger::config_revision(&tx)?;
        if revision != *config_revision {
            *calendar = calendar_of(&tx)?;
            *settings = load_rule_settings(&tx)?;
            *config_revision = revision;
        }
        Ok(Begun {
            tx,
            cal: calendar,
            rules: settings,
        })
    }

    /// Who the audit log names for changes made through this desk.
    pub fn with_actor(mut self, actor: &str) -> Self {
        if !actor.trim().is_empty() {
            self.actor = actor.trim().to_string();
            self.actor_given = Some(self.actor.clone());
        }
        self
    }

    /// The ledger's own connection, for integration tests that look at its pragmas and rows.
    /// No door uses it (tests/layers.rs checks): they go through the methods of `Desk`.
    #[doc(hidden)]
    pub fn raw_connection(&self) -> &rusqlite::Connection {
        self.ledger.conn()
    }

    /// Where this desk's ledger file is.
    pub fn path(&self) -> &Path {
        self.ledger.path()
    }

    /// The ledger file's data version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        self.ledger.schema_version()
    }

    /// SQLite's `PRAGMA integrity_check` of the ledger: `"ok"` when sound.
    pub fn integrity_check(&self) -> Result<String> {
        self.ledger.integrity_check()
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn settings(&self) -> &RuleSettings {
        &self.settings
    }

    /// 登记: registers a new case; the whole write is one transaction.
    pub fn add_case(&mut self, case: NewCase, now: &Time) -> Result<AddOutcome> {
        let mut outcomes = self.add_cases(vec![case], now)?;
        outcomes
            .pop()
            .ok_or_else(|| Error::Db("登记结果为空".into()))
    }

    /// Registers many cases in one transaction: all or nothing.
    pub fn add_cases(&mut self, new_cases: Vec<NewCase>, now: &Time) -> Result<Vec<AddOutcome>> {
        self.add_cases_with_progress(
            new_cases
                .into_iter()
                .map(|c| (c, Progress::default()))
                .collect(),
            now,
        )
    }

    /// Registers cases that are already under way (an imported ledger), each with the steps
    /// it has been through. One transaction: all or nothing.
    pub fn add_cases_with_progress(
        &mut self,
        new_cases: Vec<(NewCase, Progress)>,
        now: &Time,
    ) -> Result<Vec<AddOutcome>> {
        let mut new_cases = new_cases;
        for (c, p) in &mut new_cases {
            c.normalize();
            c.validate()?;
            p.validate(c)?;
        }
        let actor = self.actor.clone();
        let Begun { tx, cal, rules } = self.begin()?;
        let out = insert_cases(&tx, cal, rules, &actor, new_cases, now)?;
        tx.commit()?;
        Ok(out)
    }

    /// Changes registered fields; `patch` is a JSON object of the fields to replace. Every
    /// registration field can be corrected (issue #21); the event names the fields in
    /// Chinese and the deadlines that moved with them.
    pub fn update_case(
        &mut self,
        case_no: &str,
        patch: &serde_json::Value,
        now: &Time,
    ) -> Result<CaseView> {
        let serde_json::Value::Object(changes) = patch else {
            return Err(Error::invalid(
                "修改内容",
                "应为 JSON 对象，例如 {\"handler\": \"李四\"}",
            ));
        };
        let (cal, rules) = (self.calendar.clone(), self.settings.clone());
        self.mutate(case_no, now, "update", |tx, id, before, _| {
            let mut fields = serde_json::to_value(&before.info).unwrap_or_default();
            if let serde_json::Value::Object(map) = &mut fields {
                for (k, v) in changes {
                    map.insert(k.clone(), v.clone());
                }
            }
            // A wrong field is named in Chinese, like any command's argument (contract.rs).
            let mut updated: NewCase = contract::decode(fields)?;
            updated.normalize();
            updated.validate()?;
            arrival_fits(&updated.arrived_at, Some(before), now)?;
            if updated.case_no.trim() != before.info.case_no && cases::exists(tx, &updated.case_no)?
            {
                return Err(Error::DuplicateCase(updated.case_no.trim().into()));
            }
            let unit_id = cases::unit_id(tx, &updated.unit, now)?;
            cases::update_info(tx, id, &updated, unit_id, now)?;
            let mut names: Vec<&str> = changes.keys().map(|k| contract::field_label(k)).collect();
            names.dedup();
            let mut detail = format!("修改{}", names.join("、"));
            let after = cases::load(tx, id)?;
            let moved = moved_deadlines(&cal, &rules, before, &after, now);
            if !moved.is_empty() {
                detail.push_str(&format!("；期限重算：{}", moved.join("；")));
            }
            Ok(Some(("updated", *now, detail)))
        })
    }

    pub fn show_case(&self, case_no: &str, now: &Time) -> Result<CaseView> {
        let id = cases::find(self.ledger.conn(), case_no, true)?;
        self.view(id, now)
    }

    pub fn list_cases(&self, filter: &CaseFilter, now: &Time) -> Result<CaseList> {
        query::list(self.ledger.conn(), filter, china_date(now))
    }

    pub fn check(&self, case_no: &str, now: &Time) -> Result<CheckReport> {
        Ok(self.show_case(case_no, now)?.check)
    }

    /// Change history of a case from the audit log.
    pub fn history(&self, case_no: &str) -> Result<Vec<audit::AuditEntry>> {
        cases::find(self.ledger.conn(), case_no, true)?;
        audit::entries_for(self.ledger.conn(), "case", case_no.trim())
    }

    /// Audit entries of any entity (case, leader, calendar, settings, breach_notice).
    pub fn history_of(&self, entity: &str, entity_id: &str) -> Result<Vec<audit::AuditEntry>> {
        audit::entries_for(self.ledger.conn(), entity, entity_id)
    }

    /// The default rules applied to the given times, without a ledger.
    pub fn preview_deadlines(
        calendar: &Calendar,
        settings: &RuleSettings,
        arrived_at: &Time,
        accepted_at: Option<&Time>,
        now: &Time,
    ) -> Vec<Deadline> {
        settings
            .deadline_rules
            .iter()
            .map(|rule| {
                let anchor = match rule.anchor {
                    deadlines::Anchor::Arrival => arrived_at,
                    _ => accepted_at.unwrap_or(arrived_at),
                };
                let due = deadlines::compute_due(calendar, rule, china_date(anchor), 0);
                let status = deadlines::status_of(
                    due.due_date,
                    None,
                    now,
                    settings.due_soon_days,
                    rule.duty,
                );
                Deadline {
                    rule_id: rule.id.clone(),
                    name: rule.name.clone(),
                    anchor: rule.anchor,
                    anchor_at: *anchor,
                    days: rule.days,
                    count: rule.count,
                    due_date: due.due_date,
                    status,
                    status_label: status.label(),
                    met_at: None,
                    duty: rule.duty,
                    explanation: due.explanation,
                    warnings: due.warnings,
                    earliest_plausible: due.earliest_plausible,
                    source: rule.source.clone(),
                }
            })
            .collect()
    }

    /// Imports a year's holiday notice into the ledger (overrides the bundled year).
    pub fn import_calendar_year(&mut self, file_name: &str, text: &str, now: &Time) -> Result<i32> {
        let year = parse_year_file(file_name, text)?;
        let tx = self.ledger.write()?;
        tx.execute(
            "INSERT INTO calendar_years (year, data) VALUES (?1, ?2)
             ON CONFLICT (year) DO UPDATE SET data = excluded.data",
            rusqlite::params![year.year, text],
        )?;
        audit::record(
            &tx,
            &audit::Change {
                actor: &self.actor,
                at: now,
                entity: "calendar",
                entity_id: &year.year.to_string(),
                action: "import_year",
            },
            None,
            serde_json::to_value(&year).ok().as_ref(),
        )?;
        crate::ledger::bump_config_revision(&tx)?;
        tx.commit()?;
        self.reload_config()?;
        self.recompute_all_due(now)?;
        Ok(year.year)
    }

    /// The single-day calendar changes stored in the ledger.
    pub fn calendar_overrides(&self) -> Result<Vec<DayOverride>> {
        let mut stmt = self
            .ledger
            .conn()
            .prepare("SELECT date, working, note FROM calendar_overrides ORDER BY date")?;
        let rows: Vec<(String, bool, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(d, working, note)| {
                Ok(DayOverride {
                    date: read_date(&d)?,
                    working,
                    note,
                })
            })
            .collect()
    }

    /// Marks one day as working or rest (a local holiday, a changed 调休).
    pub fn override_day(&mut self, o: DayOverride, now: &Time) -> Result<()> {
        let tx = self.ledger.write()?;
        tx.execute(
            "INSERT INTO calendar_overrides (date, working, note) VALUES (?1, ?2, ?3)
             ON CONFLICT (date) DO UPDATE SET working = excluded.working, note = excluded.note",
            rusqlite::params![fmt_date(o.date), o.working, o.note],
        )?;
        audit::record(
            &tx,
            &audit::Change {
                actor: &self.actor,
                at: now,
                entity: "calendar",
                entity_id: &fmt_date(o.date),
                action: "override_day",
            },
            None,
            serde_json::to_value(&o).ok().as_ref(),
        )?;
        crate::ledger::bump_config_revision(&tx)?;
        tx.commit()?;
        self.reload_config()?;
        self.recompute_all_due(now)
    }

    /// Stores one setting (import column mapping, reminder, attachment, font, backup
    /// settings…) with an audit entry holding the value before and after.
    pub fn save_setting<S: crate::domain::Setting>(&mut self, value: &S, now: &Time) -> Result<()> {
        let key = S::KEY;
        let before: Option<serde_json::Value> =
            crate::ledger::settings::get(self.ledger.conn(), key)?;
        let tx = self.ledger.write()?;
        crate::ledger::settings::put(&tx, key, value)?;
        audit::record(
            &tx,
            &audit::Change {
                actor: &self.actor,
                at: now,
                entity: "settings",
                entity_id: key,
                action: "update",
            },
            before.as_ref(),
            serde_json::to_value(value).ok().as_ref(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the rule settings (validated by their types) and recomputes every deadline.
    pub fn set_rule_settings(&mut self, s: RuleSettings, now: &Time) -> Result<()> {
        if s.deadline_rules
            .iter()
            .any(|r| r.days == 0 || r.days > 3650)
        {
            return Err(Error::Settings {
                key: "deadline_rules".into(),
                detail: "期限天数应在 1 到 3650 之间".into(),
            });
        }
        if s.evaluation_window_days.is_some_and(|d| d == 0 || d > 365) {
            return Err(Error::Settings {
                key: "evaluation_window_days".into(),
                detail: "满意度评价期限应在 1 到 365 日之间；不设期限请留空".into(),
            });
        }
        let before = serde_json::to_value(&self.settings).ok();
        let tx = self.ledger.write()?;
        crate::ledger::settings::put(&tx, crate::rules::KEY_DEADLINE_RULES, &s.deadline_rules)?;
        crate::ledger::settings::put(&tx, crate::rules::KEY_DUE_SOON_DAYS, &s.due_soon_days)?;
        crate::ledger::settings::put(&tx, crate::rules::KEY_SCORE_PROFILE, &s.score_profile)?;
        crate::ledger::settings::put(&tx, crate::rules::KEY_SIGNOFF_SCOPE, &s.signoff_scope)?;
        crate::ledger::settings::put(&tx, crate::rules::KEY_REVIEW_ROLES, &s.review_roles)?;
        crate::ledger::settings::put(
            &tx,
            crate::rules::KEY_EVALUATION_WINDOW,
            &s.evaluation_window_days,
        )?;
        audit::record(
            &tx,
            &audit::Change {
                actor: &self.actor,
                at: now,
                entity: "settings",
                entity_id: "rules",
                action: "update",
            },
            before.as_ref(),
            serde_json::to_value(&s).ok().as_ref(),
        )?;
        tx.commit()?;
        self.reload_config()?;
        self.recompute_all_due(now)
    }

    /// Recomputes the materialised due dates of every case (after a calendar or rule change).
    pub fn recompute_all_due(&mut self, now: &Time) -> Result<()> {
        let Begun { tx, cal, rules } = self.begin()?;
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM cases")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let case = cases::load(&tx, id)?;
            derived::store(&tx, id, cal, rules, &derived::Facts::of(&case, rules), now)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn view(&self, id: i64, now: &Time) -> Result<CaseView> {
        let mut case = cases::load(self.ledger.conn(), id)?;
        self.mark_void_signoffs(&mut case, now)?;
        let deadlines = deadlines::case_deadlines(
            &self.calendar,
            &self.settings.deadline_rules,
            &case_times(&case, &self.settings),
            now,
            self.settings.due_soon_days,
        );
        let mut check = compliance::check(&case, &deadlines, &self.settings);
        badge::fold_attachments(&mut check, &case);
        let actions = crate::rules::actions::case_actions(&case);
        let notices = crate::rules::actions::notices(&case, &deadlines);
        Ok(CaseView {
            case,
            deadlines,
            check,
            actions,
            notices,
        })
    }

    /// The shape of every change to one case: load, apply, record the event, recompute the
    /// deadlines, audit before/after, commit — or, on any error, write nothing.
    fn mutate<F>(&mut self, case_no: &str, now: &Time, action: &str, apply: F) -> Result<CaseView>
    where
        F: FnOnce(
            &Transaction<'_>,
            i64,
            &Case,
            &str,
        ) -> Result<Option<(&'static str, Time, String)>>,
    {
        let actor = self.actor.clone();
        let Begun { tx, cal, rules } = self.begin()?;
        let allow_deleted = action == "restore";
        let id = cases::find(&tx, case_no, allow_deleted)?;
        let before = cases::load(&tx, id)?;
        let event = apply(&tx, id, &before, &actor)?;
        if let Some((kind, at, detail)) = &event {
            cases::add_event(&tx, id, kind, at, &actor, detail, now)?;
        }
        after_change(&tx, id, &before, cal, rules, &actor, action, now)?;
        tx.commit()?;
        self.view(id, now)
    }
}

/// Inserts validated cases with their steps inside the caller's transaction (the one
/// shape shared by registering and by importing).
pub(crate) fn insert_cases(
    tx: &Transaction<'_>,
    cal: &Calendar,
    rules: &RuleSettings,
    actor: &str,
    new_cases: Vec<(NewCase, Progress)>,
    now: &Time,
) -> Result<Vec<AddOutcome>> {
    let mut out = Vec::with_capacity(new_cases.len());
    let single = new_cases.len() == 1;
    for (c, p) in new_cases {
        if cases::exists(tx, &c.case_no)? {
            // The platform's number stays with its case: a deleted one is restored, not
            // registered twice (issue #21).
            return Err(match cases::deleted_at(tx, &c.case_no)? {
                Some(at) => Error::DuplicateDeleted {
                    case_no: c.case_no.trim().into(),
                    deleted_at: crate::time::show_time(&at),
                },
                None => Error::DuplicateCase(c.case_no.trim().into()),
            });
        }
        arrival_fits(&c.arrived_at, None, now)?;
        if let Some(prev) = &c.repeat_of {
            cases::find(tx, prev, true).map_err(|_| {
                Error::invalid("重复信访关联", format!("关联的原件“{prev}”不在台账中"))
            })?;
        }
        let unit_id = cases::unit_id(tx, &c.unit, now)?;
        let status = crate::rules::status::StatusFacts {
            deleted: false,
            method: p.method,
            evaluated: p.evaluation.is_some(),
            replied: p.replied_at.is_some(),
            delivered: false,
            accepted: p.accepted_at.is_some(),
            signed: p.signed_at.is_some(),
            transferred: c.source.is_transferred(),
            return_pending: p.method == Some(crate::domain::Method::ReturnCase)
                && p.return_result.is_none(),
            closed: p.closed_at.is_some(),
        }
        .status();
        let facts = derived::Facts {
            times: CaseTimes {
                arrived_at: Some(c.arrived_at),
                transferred: c.source.is_transferred(),
                reviews_are_ours: rules.review_role(&c.unit)
                    == crate::rules::ReviewRole::ReviewingBody,
                signed_at: p.signed_at,
                accepted_at: p.accepted_at,
                method: p.method,
                replied_at: p.replied_at,
                statutory_due_date: c.statutory_due_date,
                return_pending: p.method == Some(crate::domain::Method::ReturnCase)
                    && p.return_result.is_none(),
                sender_deadline: c.sender_deadline,
                sender_deadline_name: match c.source {
                    crate::domain::Source::Supervised => "督办期限",
                    crate::domain::Source::Assigned => "交办期限",
                    _ => "转送期限",
                },
                reported_at: p.closed_at,
                ..CaseTimes::default()
            },
            status,
            purpose: c.purpose,
            evaluation: p.evaluation,
            is_repeat: c.repeat_of.is_some(),
        };
        let (dls, derived_cols) = derived::compute(cal, rules, &facts, now);
        // N §三.三: earlier cases like this one — by the same person always; about the same
        // matter (address, words) when one case is registered, not for a bulk import.
        let possible_repeats = if c.repeat_of.is_none() {
            similar::candidates(
                tx,
                &similar::Probe {
                    petitioners: &c.petitioners,
                    demand: &c.demand,
                    exclude_case_no: c.case_no.trim(),
                    arrived_by: Some(&crate::time::fmt_time(&c.arrived_at)),
                    limit: triage::SUGGESTIONS,
                    matter: single,
                },
            )?
        } else {
            Vec::new()
        };
        // 初信初访: the person's first petition (no earlier case of theirs, not a repeat).
        let first_petition =
            c.repeat_of.is_none() && !possible_repeats.iter().any(|r| r.same_person);
        cases::insert(
            tx,
            &c,
            unit_id,
            &p,
            &derived_cols,
            first_petition,
            actor,
            now,
        )?;
        let mut after = audit::without_nulls(serde_json::to_value(&c).unwrap_or_default());
        if let (serde_json::Value::Object(map), Ok(serde_json::Value::Object(prog))) =
            (&mut after, serde_json::to_value(&p))
        {
            map.extend(prog.into_iter().filter(|(_, v)| !v.is_null()));
        }
        audit::record(
            tx,
            &audit::Change {
                actor,
                at: now,
                entity: "case",
                entity_id: c.case_no.trim(),
                action: "create",
            },
            None,
            Some(&after),
        )?;
        let not_accepted_again = match &c.repeat_of {
            Some(prev) => {
                let done: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM reviews r JOIN cases c ON c.id = r.case_id
                     WHERE c.case_no = ?1 AND r.kind = 're_review' AND r.opinion_at IS NOT NULL)",
                    [prev.trim()],
                    |r| r.get(0),
                )?;
                done.then(|| {
                    format!(
                        "原件 {} 已作出复核意见：信访人仍以同一事实和理由提出投诉请求的，不再受理（《信访工作条例》第三十六条第三款），可以不予受理。",
                        prev.trim()
                    )
                })
            }
            None => None,
        };
        out.push(AddOutcome {
            case_no: c.case_no.trim().to_string(),
            first_petition,
            possible_repeats,
            deadlines: dls,
            not_accepted_again,
        });
    }
    Ok(out)
}

/// The end of every change to a stored case: reload it, recompute its derived columns and
/// audit what changed. Returns the case as it now is.
#[allow(clippy::too_many_arguments)]
pub(crate) fn after_change(
    tx: &Transaction<'_>,
    id: i64,
    before: &Case,
    cal: &Calendar,
    rules: &RuleSettings,
    actor: &str,
    action: &str,
    now: &Time,
) -> Result<Case> {
    let after = cases::load(tx, id)?;
    derived::store(tx, id, cal, rules, &derived::Facts::of(&after, rules), now)?;
    let (b, a) = audit::diff(
        &serde_json::to_value(before).unwrap_or_default(),
        &serde_json::to_value(&after).unwrap_or_default(),
    );
    audit::record(
        tx,
        &audit::Change {
            actor,
            at: now,
            entity: "case",
            entity_id: &after.info.case_no,
            action,
        },
        Some(&b),
        Some(&a),
    )?;
    Ok(after)
}

pub(crate) fn case_times(c: &Case, rules: &RuleSettings) -> CaseTimes {
    use crate::domain::{DocKind, ReviewKind};
    let as_time = |d: chrono::NaiveDate| {
        d.and_hms_opt(12, 0, 0)
            .and_then(|t| t.and_local_timezone(crate::time::cst()).single())
    };
    // 条例 §35 "自收到书面答复之日起": the 签收日期 on the returned 送达回证 (a mailed one
    // counts only once it is back, issue #21 §8).
    let opinion_delivered_at = c
        .deliveries
        .iter()
        .filter(|d| {
            d.documents
                .iter()
                .any(|k| matches!(k, DocKind::HandlingOpinion | DocKind::ReplyOpinion))
        })
        .filter_map(|d| {
            d.received_on()
                .map(|on| as_time(on).filter(|t| *t >= d.at).unwrap_or(d.at))
        })
        .min();
    // 条例 §23: the written notice is given when it is delivered, not when a method is picked.
    let notified_at = c
        .deliveries
        .iter()
        .filter(|d| d.documents.iter().any(|k| k.is_written_notice()))
        .map(|d| d.at)
        .min();
    let review = c.reviews.iter().find(|r| r.kind == ReviewKind::Review);
    let re_review = c.reviews.iter().find(|r| r.kind == ReviewKind::ReReview);
    CaseTimes {
        arrived_at: Some(c.info.arrived_at),
        transferred: c.info.source.is_transferred(),
        signed_at: c.signed_at,
        accepted_at: c.accepted_at,
        method: c.method,
        // A reopened case: the first answer is the one the reply deadline measured.
        replied_at: c
            .first_round
            .as_ref()
            .and_then(|r| r.replied_at)
            .or(c.replied_at),
        notified_at,
        opinion_delivered_at,
        review_requested_at: review.map(|r| r.requested_at),
        review_opinion_at: review.and_then(|r| r.opinion_at),
        review_opinion_received_at: review.and_then(|r| r.opinion_received_on.and_then(as_time)),
        re_review_requested_at: re_review.map(|r| r.requested_at),
        re_review_opinion_at: re_review.and_then(|r| r.opinion_at),
        re_review_hearing_days: re_review.map(|r| r.hearing_days).unwrap_or(0),
        extension_days: c.extension_days,
        statutory_due_date: c.info.statutory_due_date,
        reviews_are_ours: rules.review_role(&c.info.unit)
            == crate::rules::ReviewRole::ReviewingBody,
        return_pending: c.method == Some(crate::domain::Method::ReturnCase)
            && c.return_result.is_none(),
        // 条例 §22: a 督办 may set a new deadline; the latest one binds.
        sender_deadline: c
            .supervisions
            .iter()
            .rev()
            .find_map(|s| s.deadline)
            .or(c.info.sender_deadline),
        sender_deadline_name: sender_deadline_name(c),
        reported_at: c
            .documents
            .iter()
            .filter(|d| d.kind == DocKind::CompletionReport)
            .find_map(|d| d.issued_at)
            .or(c.closed_at),
        answer_received_at: answer_received_at(c, rules),
        evaluated_at: c.evaluated_at,
        evaluation_window_days: rules.evaluation_window_days,
    }
}

/// N §二 引导评价: when the answer of the current round reached the petitioner (the first
/// answer document's receipt since the reply, else the reply), for a case to be evaluated
/// (纳入满意度评价, or in the score profile's 参评 scope); None otherwise.
fn answer_received_at(c: &Case, rules: &RuleSettings) -> Option<Time> {
    use crate::domain::{DocKind, Method};
    let declined = c.method == Some(Method::Decline);
    let answered = c.replied_at.is_some() || declined;
    let counted =
        rules
            .score_profile
            .in_evaluation_scope(c.method, c.info.purpose, c.replied_at.is_some());
    let returned = c.status == crate::domain::Status::Returned;
    if !answered || !(counted || c.info.in_evaluation_scope) || returned {
        return None;
    }
    let noon = |d: chrono::NaiveDate| {
        d.and_hms_opt(12, 0, 0)
            .and_then(|t| t.and_local_timezone(crate::time::cst()).single())
    };
    let received = c
        .deliveries
        .iter()
        // A reopened case is evaluated on its new answer, not the first round's delivery.
        .filter(|d| c.replied_at.is_none_or(|r| d.at >= r))
        .filter(|d| {
            d.documents.iter().any(|k| {
                matches!(
                    k,
                    DocKind::HandlingOpinion
                        | DocKind::ReplyOpinion
                        | DocKind::ReplyLetter
                        | DocKind::DeclineNotice
                )
            })
        })
        .filter_map(|d| {
            d.received_on()
                .map(|on| noon(on).filter(|t| *t >= d.at).unwrap_or(d.at))
        })
        .min();
    received.or(c.replied_at)
}

/// "交办期限" / "督办期限": by the case's source, or 督办 once the sender has supervised it.
fn sender_deadline_name(c: &Case) -> &'static str {
    use crate::domain::Source;
    match c.info.source {
        _ if !c.supervisions.is_empty() => "督办期限",
        Source::Supervised => "督办期限",
        Source::Assigned => "交办期限",
        Source::Forwarded => "转送期限",
        Source::Direct => "",
    }
}

/// The calendar a ledger holds (bundled years, its imported years and day overrides), read
/// through any connection (the V5 migration reads it inside its transaction).
fn calendar_of(conn: &rusqlite::Connection) -> Result<Calendar> {
    let mut cal = Calendar::bundled();
    let mut stmt = conn.prepare("SELECT year, data FROM calendar_years ORDER BY year")?;
    let years: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (year, data) in years {
        cal.add_year(&parse_year_file(&format!("台账中的 {year} 年数据"), &data)?);
    }
    let mut stmt = conn.prepare("SELECT date, working, note FROM calendar_overrides")?;
    let rows: Vec<(String, bool, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (date, working, note) in rows {
        cal.apply_override(&DayOverride {
            date: read_date(&date)?,
            working,
            note,
        });
    }
    Ok(cal)
}

/// Brings an opened ledger to the current schema: a ledger that needs migrating is backed
/// up first (nothing is written to it before), then migrated with the rules' recompute step.
pub(crate) fn migrate(opening: crate::ledger::Opening) -> Result<Ledger> {
    if opening.pending().is_some() {
        crate::backup::before_migration(&opening)?;
    }
    opening.migrate(&RulesUpgrade)
}

/// The migration steps that need the rules (V5's recompute), lent to the ledger.
struct RulesUpgrade;

impl crate::ledger::schema::Upgrade for RulesUpgrade {
    fn recompute_derived(&self, tx: &Transaction<'_>, why: &str) -> Result<()> {
        recompute_derived_for_migration(tx, why)
    }
}

/// The rule settings as stored (each part under its own key), missing parts at their defaults.
pub(crate) fn load_rule_settings(conn: &rusqlite::Connection) -> Result<RuleSettings> {
    use crate::ledger::settings::get;
    use crate::rules::{
        KEY_DEADLINE_RULES, KEY_DUE_SOON_DAYS, KEY_EVALUATION_WINDOW, KEY_REVIEW_ROLES,
        KEY_SCORE_PROFILE, KEY_SIGNOFF_SCOPE, deadlines,
    };
    let d = RuleSettings::default();
    Ok(RuleSettings {
        deadline_rules: get(conn, KEY_DEADLINE_RULES)?
            .map(deadlines::with_missing_defaults)
            .unwrap_or(d.deadline_rules),
        due_soon_days: get(conn, KEY_DUE_SOON_DAYS)?.unwrap_or(d.due_soon_days),
        score_profile: get(conn, KEY_SCORE_PROFILE)?.unwrap_or(d.score_profile),
        signoff_scope: get(conn, KEY_SIGNOFF_SCOPE)?.unwrap_or(d.signoff_scope),
        review_roles: get(conn, KEY_REVIEW_ROLES)?.unwrap_or(d.review_roles),
        evaluation_window_days: get(conn, KEY_EVALUATION_WINDOW)?
            .unwrap_or(d.evaluation_window_days),
    })
}

/// A schema step that changed the rules recomputes every case's derived columns inside the
/// migration's transaction, and audits each case whose columns changed (before → after).
/// Opening a ledger has no injected clock: SQLite's clock stamps the audit entries, and
/// none of the stored columns depends on the time of day.
fn recompute_derived_for_migration(tx: &Transaction<'_>, why: &str) -> Result<()> {
    let cal = calendar_of(tx)?;
    let rules = load_rule_settings(tx)?;
    let stamp: String = tx.query_row(
        "SELECT strftime('%Y-%m-%d %H:%M:%S', 'now', '+8 hours')",
        [],
        |r| r.get(0),
    )?;
    let now = crate::time::parse_time(&stamp)?;
    let read = |id: i64| -> Result<serde_json::Value> {
        Ok(tx
            .query_row(
                "SELECT json_object('sign_due', sign_due, 'decide_due', decide_due,
                'reply_due', reply_due, 'notify_due', notify_due, 'next_due', next_due,
                'status', status, 'accept_state', accept_state, 'reply_state', reply_state,
                'eval_state', eval_state, 'is_repeat', is_repeat) FROM cases WHERE id = ?1",
                [id],
                |r| r.get::<_, String>(0),
            )
            .map(|s| serde_json::from_str(&s).unwrap_or_default())?)
    };
    let ids: Vec<(i64, String)> = tx
        .prepare("SELECT id, case_no FROM cases ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, case_no) in ids {
        let before = read(id)?;
        let case = cases::load(tx, id)?;
        derived::store(
            tx,
            id,
            &cal,
            &rules,
            &derived::Facts::of(&case, &rules),
            &now,
        )?;
        let after = read(id)?;
        if before != after {
            let (b, a) = audit::diff(&before, &after);
            audit::record(
                tx,
                &audit::Change {
                    actor: why,
                    at: &now,
                    entity: "case",
                    entity_id: &case_no,
                    action: "migrate_recompute",
                },
                Some(&b),
                Some(&a),
            )?;
        }
    }
    Ok(())
}

/// A 到达时间 cannot lie in the future, nor after the steps the case has already been
/// through (issue #21): the reason names the step.
pub(crate) fn arrival_fits(arrived: &Time, case: Option<&Case>, now: &Time) -> Result<()> {
    // A minute's grace for the clock of the PC that typed "now".
    if *arrived > *now + chrono::Duration::minutes(1) {
        return Err(Error::invalid(
            "到达时间",
            format!(
                "{} 晚于现在（{}），请核对",
                crate::time::show_time(arrived),
                crate::time::show_time(now)
            ),
        ));
    }
    let Some(c) = case else { return Ok(()) };
    let steps = [
        ("签收", c.signed_at),
        ("受理", c.accepted_at),
        ("答复", c.replied_at),
        ("评价", c.evaluated_at),
        ("送达", c.deliveries.iter().map(|d| d.at).min()),
    ];
    if let Some((name, at)) = steps
        .into_iter()
        .filter_map(|(n, t)| t.map(|t| (n, t)))
        .filter(|(_, t)| t < arrived)
        .min_by_key(|(_, t)| *t)
    {
        return Err(Error::invalid(
            "到达时间",
            format!(
                "{} 晚于该件的{name}时间 {}，请核对（到达应在各办理步骤之前）",
                crate::time::show_time(arrived),
                crate::time::show_time(&at)
            ),
        ));
    }
    Ok(())
}

/// "受理期限 2026-10-15 → 2026-10-14" for each deadline a correction moved.
fn moved_deadlines(
    cal: &Calendar,
    rules: &RuleSettings,
    before: &Case,
    after: &Case,
    now: &Time,
) -> Vec<String> {
    let of = |c: &Case| {
        deadlines::case_deadlines(
            cal,
            &rules.deadline_rules,
            &case_times(c, rules),
            now,
            rules.due_soon_days,
        )
    };
    let (old, new) = (of(before), of(after));
    new.iter()
        .filter_map(|n| {
            let was = old.iter().find(|o| o.rule_id == n.rule_id)?.due_date;
            (was != n.due_date)
                .then(|| format!("{} {} → {}", n.name, fmt_date(was), fmt_date(n.due_date)))
        })
        .collect()
}

fn login_actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "经办人".to_string())
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests;
pub use requests::*;
