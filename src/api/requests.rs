//! The contract's requests for the Desk methods in mod.rs: one named type per command
//! (contract.rs), listed in dispatch.rs.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AddOutcome, CaseView, Desk};
use crate::api::contract::{Command, DONE, Done, by_case_no};
use crate::calendar::{DayOverride, YearFloor};
use crate::domain::NewCase;
use crate::error::{Error, Result};
use crate::ledger::audit::AuditEntry;
use crate::ledger::query::{CaseFilter, CaseList};
use crate::rules::RuleSettings;
use crate::rules::compliance::CheckReport;
use crate::rules::deadlines::Deadline;
use crate::time::Time;

/// 登记一件信访事项。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseAddArgs {
    pub case: NewCase,
}
impl Command for CaseAddArgs {
    const NAME: &'static str = "case_add";
    type Response = AddOutcome;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<AddOutcome> {
        desk.add_case(self.case, now)
    }
}

/// 修改登记内容：`changes` 为要改的字段（与登记时同名）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseUpdateArgs {
    pub case_no: String,
    #[ts(type = "Record<string, JsonValue>")]
    pub changes: serde_json::Value,
}
impl Command for CaseUpdateArgs {
    const NAME: &'static str = "case_update";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.update_case(&self.case_no, &self.changes, now)
    }
}

by_case_no!(CaseShowArgs, "case_show", CaseView, |desk, no, now| desk
    .show_case(no, now));
by_case_no!(
    CaseHistoryArgs,
    "case_history",
    Vec<AuditEntry>,
    |desk, no, _now| desk.history(no)
);
by_case_no!(CaseCheckArgs, "case_check", CheckReport, |desk, no, now| {
    desk.check(no, now)
});

/// 台账列表的筛选条件。
#[derive(Deserialize, TS)]
#[serde(transparent)]
pub struct CaseListArgs(pub CaseFilter);
impl Command for CaseListArgs {
    const NAME: &'static str = "case_list";
    type Response = CaseList;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseList> {
        desk.list_cases(&self.0, now)
    }
}

/// 登记前预览期限。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesPreviewArgs {
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub arrived_at: Time,
    #[serde(default, with = "crate::domain::time_serde::option")]
    #[ts(optional, type = "string")]
    pub accepted_at: Option<Time>,
}
impl Command for DeadlinesPreviewArgs {
    const NAME: &'static str = "deadlines_preview";
    type Response = Vec<Deadline>;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<Vec<Deadline>> {
        Ok(Desk::preview_deadlines(
            desk.calendar(),
            desk.settings(),
            &self.arrived_at,
            self.accepted_at.as_ref(),
            now,
        ))
    }
}

/// 无参数。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SettingsGetArgs {}
impl Command for SettingsGetArgs {
    const NAME: &'static str = "settings_get";
    type Response = RuleSettings;
    fn run(self, desk: &mut Desk, _now: &Time) -> Result<RuleSettings> {
        Ok(desk.settings().clone())
    }
}

#[derive(Deserialize, TS)]
#[serde(transparent)]
pub struct SettingsSetArgs(pub RuleSettings);
impl Command for SettingsSetArgs {
    const NAME: &'static str = "settings_set";
    type Response = RuleSettings;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<RuleSettings> {
        desk.set_rule_settings(self.0, now)?;
        Ok(desk.settings().clone())
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarOverridesArgs {}
impl Command for CalendarOverridesArgs {
    const NAME: &'static str = "calendar_overrides";
    type Response = Vec<DayOverride>;
    fn run(self, desk: &mut Desk, _now: &Time) -> Result<Vec<DayOverride>> {
        desk.calendar_overrides()
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarDayArgs {
    pub date: chrono::NaiveDate,
}
/// 某一天是否工作日，及其说明。
#[derive(Serialize, TS)]
pub struct CalendarDay {
    pub date: chrono::NaiveDate,
    pub working: bool,
    pub description: String,
    pub warning: Option<String>,
}
impl Command for CalendarDayArgs {
    const NAME: &'static str = "calendar_day";
    type Response = CalendarDay;
    fn run(self, desk: &mut Desk, _now: &Time) -> Result<CalendarDay> {
        let cal = desk.calendar();
        Ok(CalendarDay {
            date: self.date,
            working: cal.is_working_day(self.date),
            description: cal.describe(self.date),
            warning: cal.coverage_warning(self.date),
        })
    }
}

#[derive(Deserialize, TS)]
#[serde(transparent)]
pub struct CalendarOverrideArgs(pub DayOverride);
impl Command for CalendarOverrideArgs {
    const NAME: &'static str = "calendar_override";
    type Response = Done;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<Done> {
        desk.override_day(self.0, now)?;
        Ok(DONE)
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarFloorArgs {
    pub year: i32,
}
impl Command for CalendarFloorArgs {
    const NAME: &'static str = "calendar_floor";
    type Response = YearFloor;
    fn run(self, desk: &mut Desk, _now: &Time) -> Result<YearFloor> {
        if !(2000..=2100).contains(&self.year) {
            return Err(Error::invalid("年份", "应在 2000 到 2100 之间"));
        }
        Ok(desk.calendar().floor_of(self.year))
    }
}

/// 导入一个年度的放假安排文件（文本内容）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarImportArgs {
    pub text: String,
}
#[derive(Serialize, TS)]
pub struct CalendarImported {
    pub year: i32,
}
impl Command for CalendarImportArgs {
    const NAME: &'static str = "calendar_import";
    type Response = CalendarImported;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CalendarImported> {
        let year = desk.import_calendar_year("导入的年度文件", &self.text, now)?;
        Ok(CalendarImported { year })
    }
}
