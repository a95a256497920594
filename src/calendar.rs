//! Working days: weekends, State Council holidays and 调休 make-up workdays
//! (domain.md §2). One data file per year in `assets/calendar/`; the ledger may
//! carry a newer year's file and single-day overrides.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::time::parse_date;

/// The bundled State Council notices, 2022–2026 (checked against the `chinese-calendar`
/// package 1.11.0, day by day).
const BUNDLED: &[(&str, &str)] = &[
    ("2022.json", include_str!("../assets/calendar/2022.json")),
    ("2023.json", include_str!("../assets/calendar/2023.json")),
    ("2024.json", include_str!("../assets/calendar/2024.json")),
    ("2025.json", include_str!("../assets/calendar/2025.json")),
    ("2026.json", include_str!("../assets/calendar/2026.json")),
];

/// One year's holiday notice, as stored in `assets/calendar/<year>.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    pub year: i32,
    pub source: String,
    pub holidays: Vec<HolidaySpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HolidaySpan {
    pub name: String,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub makeup_workdays: Vec<String>,
}

/// A user's correction of a single day (e.g. a local holiday).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DayOverride {
    pub date: NaiveDate,
    pub working: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    Workday,
    Weekend,
    Holiday { name: String },
    MakeupWorkday { name: String },
}

impl DayKind {
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday { .. })
    }
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    holidays: HashMap<NaiveDate, String>,
    makeup: HashMap<NaiveDate, String>,
    years: BTreeSet<i32>,
}

impl Calendar {
    /// The calendar compiled into the binary.
    pub fn bundled() -> Self {
        let mut cal = Calendar::default();
        for (name, text) in BUNDLED {
            // The bundled files are checked by a unit test, so this cannot fail at run time.
            if let Ok(year) = parse_year_file(name, text) {
                cal.add_year(&year);
            }
        }
        cal
    }

    /// Adds (or replaces) one year's data.
    pub fn add_year(&mut self, year: &YearFile) {
        self.holidays.retain(|d, _| d.year() != year.year);
        self.makeup.retain(|d, _| d.year() != year.year);
        for span in &year.holidays {
            // parse_year_file validated every date.
            let (Ok(from), Ok(to)) = (parse_date(&span.from), parse_date(&span.to)) else {
                continue;
            };
            for d in from.iter_days().take_while(|d| *d <= to) {
                self.holidays.insert(d, span.name.clone());
            }
            for m in &span.makeup_workdays {
                if let Ok(d) = parse_date(m) {
                    self.makeup.insert(d, span.name.clone());
                }
            }
        }
        self.years.insert(year.year);
    }

    pub fn apply_override(&mut self, o: &DayOverride) {
        self.holidays.remove(&o.date);
        self.makeup.remove(&o.date);
        let weekend = matches!(o.date.weekday(), Weekday::Sat | Weekday::Sun);
        match (o.working, weekend) {
            (true, true) => {
                self.makeup.insert(o.date, o.note.clone());
            }
            (false, false) => {
                self.holidays.insert(o.date, o.note.clone());
            }
            _ => {}
        }
    }

    pub fn day_kind(&self, d: NaiveDate) -> DayKind {
        if let Some(name) = self.holidays.get(&d) {
            return DayKind::Holiday { name: name.clone() };
        }
        if let Some(name) = self.makeup.get(&d) {
            return DayKind::MakeupWorkday { name: name.clone() };
        }
        match d.weekday() {
            Weekday::Sat | Weekday::Sun => DayKind::Weekend,
            _ => DayKind::Workday,
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.holidays.contains_key(&d) {
            return false;
        }
        self.makeup.contains_key(&d) || !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    pub fn covers(&self, d: NaiveDate) -> bool {
        self.years.contains(&d.year())
    }

    pub fn years(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    /// The explicit warning for a date past the data (never a silent guess).
    pub fn coverage_warning(&self, d: NaiveDate) -> Option<String> {
        (!self.covers(d)).then(|| {
            // One message per year, so a deadline spanning several such days warns once.
            format!(
                "没有 {} 年的节假日数据，该年的期限只按周末推算，可能不准。请在“设置 → 节假日”导入国务院办公厅公布的 {} 年放假安排。",
                d.year(),
                d.year()
            )
        })
    }

    /// The next working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        loop {
            day = day.succ_opt().unwrap_or(day);
            if self.is_working_day(day) || day == NaiveDate::MAX {
                return day;
            }
        }
    }

    /// 调休/节假日 named in a human phrase: "法定节假日（国庆节）", "星期六（休息日）".
    pub fn describe(&self, d: NaiveDate) -> String {
        match self.day_kind(d) {
            DayKind::Holiday { name } => format!("法定节假日（{name}）"),
            DayKind::Weekend => format!("{}（休息日）", crate::time::weekday_zh(d)),
            DayKind::MakeupWorkday { name } => format!("调休上班日（{name}）"),
            DayKind::Workday => format!("{}（工作日）", crate::time::weekday_zh(d)),
        }
    }
}

/// Parses and checks one year file: every date valid and inside the year (or the days
/// just before it that a New Year holiday may borrow), `from` ≤ `to`.
pub fn parse_year_file(file: &str, text: &str) -> Result<YearFile> {
    let err = |detail: String| Error::Calendar {
        file: file.to_string(),
        detail,
    };
    let year: YearFile =
        serde_json::from_str(text).map_err(|e| err(format!("不是合法的年度文件：{e}")))?;
    if !(2000..=2100).contains(&year.year) {
        return Err(err(format!("年份 {} 不在 2000–2100 之间", year.year)));
    }
    let near = |d: NaiveDate| (d.year() - year.year).abs() <= 1;
    for span in &year.holidays {
        let from = parse_date(&span.from).map_err(|e| err(e.to_string()))?;
        let to = parse_date(&span.to).map_err(|e| err(e.to_string()))?;
        if from > to || (to - from).num_days() > 31 {
            return Err(err(format!("“{}”的起止日期不对", span.name)));
        }
        if !near(from) || !near(to) {
            return Err(err(format!(
                "“{}”的日期不属于 {} 年前后",
                span.name, year.year
            )));
        }
        for m in &span.makeup_workdays {
            let d = parse_date(m).map_err(|e| err(e.to_string()))?;
            if !near(d) {
                return Err(err(format!("调休上班日 {m} 不属于 {} 年前后", year.year)));
            }
        }
    }
    Ok(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn bundled_files_all_parse() {
        for (name, text) in BUNDLED {
            parse_year_file(name, text).unwrap();
        }
        assert_eq!(
            Calendar::bundled().years(),
            vec![2022, 2023, 2024, 2025, 2026]
        );
    }

    #[test]
    fn national_day_2026_and_its_makeup_saturday() {
        // 国务院办公厅 2026 安排: 国庆 10/1–10/7, 10/10 上班.
        let cal = Calendar::bundled();
        assert!(!cal.is_working_day(d("2026-10-01")));
        assert!(!cal.is_working_day(d("2026-10-07")));
        assert!(cal.is_working_day(d("2026-10-10")));
        assert!(cal.is_working_day(d("2026-09-20")));
        assert!(!cal.is_working_day(d("2026-10-11")));
        assert_eq!(cal.next_working_day(d("2026-09-30")), d("2026-10-08"));
    }

    #[test]
    fn spring_festival_2026() {
        let cal = Calendar::bundled();
        assert!(cal.is_working_day(d("2026-02-14")));
        assert!(!cal.is_working_day(d("2026-02-23")));
        assert!(cal.is_working_day(d("2026-02-28")));
    }

    #[test]
    fn a_year_past_the_data_is_warned_about() {
        let cal = Calendar::bundled();
        assert!(cal.coverage_warning(d("2026-12-31")).is_none());
        let w = cal.coverage_warning(d("2027-01-04")).unwrap();
        assert!(w.contains("没有 2027 年的节假日数据"), "{w}");
    }

    #[test]
    fn overrides_turn_a_day_either_way() {
        let mut cal = Calendar::bundled();
        cal.apply_override(&DayOverride {
            date: d("2026-11-27"),
            working: false,
            note: "本地假日".into(),
        });
        assert!(!cal.is_working_day(d("2026-11-27")));
        cal.apply_override(&DayOverride {
            date: d("2026-11-28"),
            working: true,
            note: "加班".into(),
        });
        assert!(cal.is_working_day(d("2026-11-28")));
    }

    #[test]
    fn a_broken_year_file_is_refused_with_the_reason() {
        let bad = r#"{"year":2027,"source":"x","holidays":[{"name":"春节","from":"2027-02-10","to":"2027-02-01"}]}"#;
        let e = parse_year_file("2027.json", bad).unwrap_err().to_string();
        assert!(e.contains("起止日期不对"), "{e}");
    }
}
