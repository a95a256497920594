//! Working days: weekends, State Council holidays and 调休 make-up workdays
//! (domain.md §2). One data file per year in `assets/calendar/`; the ledger may
//! carry a newer year's file and single-day overrides.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

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
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    pub year: i32,
    pub source: String,
    pub holidays: Vec<HolidaySpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct HolidaySpan {
    pub name: String,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub makeup_workdays: Vec<String>,
}

/// A user's correction of a single day (e.g. a local holiday).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct DayOverride {
    pub date: NaiveDate,
    pub working: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
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
    /// Treat the weekends near a statutory holiday of a year without a notice as working
    /// days: the view that gives the earliest plausible deadline.
    assume_possible_makeups: bool,
}

/// How far from a statutory holiday a weekend may be turned into a 调休上班日: the State
/// Council's notices 2022–2026 put every one within 14 days of its holiday (放假办法 §7:
/// "法定节假日假期前后连续工作一般不超过6天").
pub const MAKEUP_WINDOW_DAYS: i64 = 14;

/// The statutory holidays of a year (《全国年节及纪念日放假办法》第二条), computed from the
/// lunar calendar (crate `tyme4rs`): from 2025 the 2024 revision (元旦 1, 春节 4 from 除夕,
/// 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 = 13 days), before it the 2013 text (春节 初一至初三,
/// 劳动节 1 = 11 days). These are rest days whatever the year's 调休 notice says; only the
/// 调休 and the 补休 of 第六条 need the notice.
pub fn statutory_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    use tyme4rs::tyme::lunar::LunarDay;
    use tyme4rs::tyme::solar::{SolarDay, SolarTerm};
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let of = |sd: SolarDay| {
        NaiveDate::from_ymd_opt(
            sd.get_year() as i32,
            sd.get_month() as u32,
            sd.get_day() as u32,
        )
    };
    let lunar = |m: isize, d: usize| {
        LunarDay::new(year as isize, m, d)
            .ok()
            .and_then(|l| of(l.get_solar_day()))
    };
    let revised = year >= 2025;
    let mut out: Vec<(NaiveDate, &'static str)> = Vec::new();
    let mut push = |d: Option<NaiveDate>, name: &'static str| {
        if let Some(d) = d {
            out.push((d, name));
        }
    };
    // 第二条（一）元旦 1月1日
    push(ymd(1, 1), "元旦");
    // 第二条（二）春节：农历除夕、正月初一至初三（2025 年前为初一至初三）
    if let Some(first) = lunar(1, 1) {
        if revised {
            push(first.pred_opt(), "春节");
        }
        for i in 0..3 {
            push(first.checked_add_days(chrono::Days::new(i)), "春节");
        }
    }
    // 第二条（三）清明节：农历清明当日
    push(
        SolarTerm::new(year as isize, "清明")
            .ok()
            .and_then(|t| of(t.get_solar_day())),
        "清明节",
    );
    // 第二条（四）劳动节：5月1日、2日（2025 年前为 5月1日）
    push(ymd(5, 1), "劳动节");
    if revised {
        push(ymd(5, 2), "劳动节");
    }
    // 第二条（五）端午节：农历端午当日；（六）中秋节：农历中秋当日
    push(lunar(5, 5), "端午节");
    push(lunar(8, 15), "中秋节");
    // 第二条（七）国庆节：10月1日至3日
    for d in 1..=3 {
        push(ymd(10, d), "国庆节");
    }
    // 除夕 of the next year may fall in this one only in theory; keep each date once.
    out.retain(|(d, _)| d.year() == year);
    out.sort();
    out.dedup_by_key(|(d, _)| *d);
    out
}

/// What is known of a year before (or after) its State Council notice: the statutory
/// holidays (放假办法 第二条) and the weekends a 调休 may turn into working days. The holiday
/// form previews a year's spans against it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct YearFloor {
    pub year: i32,
    /// The ledger already has this year's notice (bundled or entered).
    pub covered: bool,
    pub holidays: Vec<FloorDay>,
    pub possible_makeup_workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FloorDay {
    pub date: NaiveDate,
    pub name: &'static str,
}

impl Calendar {
    pub fn floor_of(&self, year: i32) -> YearFloor {
        let holidays: Vec<FloorDay> = statutory_holidays(year)
            .into_iter()
            .map(|(date, name)| FloorDay { date, name })
            .collect();
        let uncovered = Calendar::default();
        let possible_makeup_workdays = NaiveDate::from_ymd_opt(year, 1, 1)
            .into_iter()
            .flat_map(|d| d.iter_days())
            .take_while(|d| d.year() == year)
            .filter(|d| uncovered.possible_makeup(*d))
            .collect();
        YearFloor {
            year,
            covered: self.years.contains(&year),
            holidays,
            possible_makeup_workdays,
        }
    }
}

/// The statutory holidays of 2000–2100, computed once.
fn floor() -> &'static HashMap<NaiveDate, &'static str> {
    static FLOOR: OnceLock<HashMap<NaiveDate, &'static str>> = OnceLock::new();
    FLOOR.get_or_init(|| (2000..=2100).flat_map(statutory_holidays).collect())
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
        if let Some(name) = self.statutory_floor(d) {
            return DayKind::Holiday {
                name: name.to_string(),
            };
        }
        if self.assume_possible_makeups && self.possible_makeup(d) {
            return DayKind::MakeupWorkday {
                name: "可能的调休".into(),
            };
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
        if self.makeup.contains_key(&d) {
            return true;
        }
        if self.statutory_floor(d).is_some() {
            return false;
        }
        if self.assume_possible_makeups && self.possible_makeup(d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// A statutory holiday (放假办法 第二条) in a year without the State Council's notice:
    /// the floor that is known before the notice is published.
    pub fn statutory_floor(&self, d: NaiveDate) -> Option<&'static str> {
        if self.covers(d) {
            return None;
        }
        floor().get(&d).copied()
    }

    /// A weekend of a year without a notice, close enough to a statutory holiday that the
    /// notice may make it a 调休上班日.
    pub fn possible_makeup(&self, d: NaiveDate) -> bool {
        if self.covers(d)
            || !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            || self.holidays.contains_key(&d)
            || self.makeup.contains_key(&d)
            || floor().contains_key(&d)
        {
            return false;
        }
        (-MAKEUP_WINDOW_DAYS..=MAKEUP_WINDOW_DAYS).any(|k| {
            d.checked_add_signed(chrono::Duration::days(k))
                .is_some_and(|x| floor().contains_key(&x))
        })
    }

    /// The same calendar, with every possible 调休上班日 of a year without a notice taken as
    /// a working day: deadlines computed on it are the earliest plausible ones.
    pub fn earliest_plausible(&self) -> Calendar {
        let mut c = self.clone();
        c.assume_possible_makeups = true;
        c
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
                "没有 {} 年的节假日数据（国务院办公厅放假安排）：已按《全国年节及纪念日放假办法》第二条计入该年的法定节假日（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节），但调休上班日和补休日未知，期限可能提前或推后。请在“设置 → 节假日”录入国务院办公厅公布的 {} 年放假安排。",
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
    fn new_year_2027_is_a_rest_day_without_the_notice() {
        // 放假办法 第二条（一）: 元旦 is a holiday whether or not the 2027 notice is out.
        let cal = Calendar::bundled();
        assert!(!cal.covers(d("2027-01-01")));
        assert!(!cal.is_working_day(d("2027-01-01")));
        assert_eq!(
            cal.day_kind(d("2027-01-01")),
            DayKind::Holiday {
                name: "元旦".into()
            }
        );
        assert_eq!(cal.next_working_day(d("2026-12-31")), d("2027-01-04"));
    }

    #[test]
    fn statutory_holidays_2027_from_the_lunar_calendar() {
        // 放假办法 第二条 (2024 revision): 13 days. 2027: 除夕 2-05, 初一 2-06 (PyPI
        // lunardate / chinese-calendar agree), 清明 4-05, 端午 6-09, 中秋 9-15.
        let days: Vec<String> = statutory_holidays(2027)
            .into_iter()
            .map(|(d, _)| d.to_string())
            .collect();
        assert_eq!(
            days,
            [
                "2027-01-01",
                "2027-02-05",
                "2027-02-06",
                "2027-02-07",
                "2027-02-08",
                "2027-04-05",
                "2027-05-01",
                "2027-05-02",
                "2027-06-09",
                "2027-09-15",
                "2027-10-01",
                "2027-10-02",
                "2027-10-03"
            ]
        );
        // Before 2025 (2013 text): 11 days, no 除夕 and no 5月2日.
        assert_eq!(statutory_holidays(2024).len(), 11);
        assert!(statutory_holidays(2030).len() == 13);
    }

    #[test]
    fn lunar_dates_agree_with_pypi_for_2022_to_2035() {
        // (year, 除夕, 清明, 端午, 中秋) from PyPI lunardate 0.3.0 (农历) and chinese-calendar
        // 1.11.0 `get_solar_terms` (清明), computed independently of tyme4rs.
        let table = [
            (2022, "2022-01-31", "2022-04-05", "2022-06-03", "2022-09-10"),
            (2023, "2023-01-21", "2023-04-05", "2023-06-22", "2023-09-29"),
            (2024, "2024-02-09", "2024-04-04", "2024-06-10", "2024-09-17"),
            (2025, "2025-01-28", "2025-04-04", "2025-05-31", "2025-10-06"),
            (2026, "2026-02-16", "2026-04-05", "2026-06-19", "2026-09-25"),
            (2027, "2027-02-05", "2027-04-05", "2027-06-09", "2027-09-15"),
            (2028, "2028-01-25", "2028-04-04", "2028-05-28", "2028-10-03"),
            (2029, "2029-02-12", "2029-04-04", "2029-06-16", "2029-09-22"),
            (2030, "2030-02-02", "2030-04-05", "2030-06-05", "2030-09-12"),
            (2031, "2031-01-22", "2031-04-05", "2031-06-24", "2031-10-01"),
            (2032, "2032-02-10", "2032-04-04", "2032-06-12", "2032-09-19"),
            (2033, "2033-01-30", "2033-04-04", "2033-06-01", "2033-09-08"),
            (2034, "2034-02-18", "2034-04-05", "2034-06-20", "2034-09-27"),
            (2035, "2035-02-07", "2035-04-05", "2035-06-10", "2035-09-16"),
        ];
        for (year, eve, qingming, duanwu, zhongqiu) in table {
            let got = statutory_holidays(year);
            let named = |n: &str| -> Vec<String> {
                got.iter()
                    .filter(|(_, x)| *x == n)
                    .map(|(d, _)| d.to_string())
                    .collect()
            };
            let spring = named("春节");
            // From 2025 the holiday starts on 除夕; before, on 初一 (the day after).
            let first = if year >= 2025 {
                d(eve)
            } else {
                d(eve).succ_opt().unwrap()
            };
            assert_eq!(spring[0], first.to_string(), "{year} 春节");
            assert_eq!(spring.len(), if year >= 2025 { 4 } else { 3 }, "{year}");
            assert!(
                named("清明节").contains(&qingming.to_string()),
                "{year} 清明"
            );
            assert!(named("端午节").contains(&duanwu.to_string()), "{year} 端午");
            // 中秋 may share a day with 国庆 (2028, 2031): it is a holiday either way.
            assert!(
                got.iter().any(|(d, _)| d.to_string() == zhongqiu),
                "{year} 中秋"
            );
        }
    }

    #[test]
    fn statutory_floor_lies_inside_every_bundled_notice() {
        // Cross-check: each computed statutory holiday of 2022–2026 is a holiday in the State
        // Council's notice of that year (the files were checked against PyPI chinese-calendar).
        let mut cal = Calendar::default();
        for (name, text) in BUNDLED {
            cal.add_year(&parse_year_file(name, text).unwrap());
        }
        for year in 2022..=2026 {
            for (day, name) in statutory_holidays(year) {
                assert!(
                    matches!(cal.day_kind(day), DayKind::Holiday { .. }),
                    "{day} ({name}) is not a holiday in the {year} notice"
                );
            }
        }
    }

    #[test]
    fn the_floor_of_a_year_lists_holidays_and_possible_makeups() {
        // 放假办法 第二条 (13 days) and 第七条 (调休 near the holidays).
        let cal = Calendar::bundled();
        let f = cal.floor_of(2027);
        assert!(!f.covered);
        assert_eq!(f.holidays.len(), 13);
        assert!(f.possible_makeup_workdays.contains(&d("2027-01-02")));
        assert!(!f.possible_makeup_workdays.contains(&d("2027-03-13")));
        assert!(cal.floor_of(2026).covered);
    }

    #[test]
    fn weekends_near_a_holiday_may_become_makeup_workdays() {
        // 放假办法 第七条: 调休 moves weekends next to a holiday; unknown until the notice.
        let cal = Calendar::bundled();
        assert!(cal.possible_makeup(d("2027-01-02")));
        assert!(
            !cal.possible_makeup(d("2027-03-13")),
            "no holiday within 14 days"
        );
        assert!(!cal.possible_makeup(d("2026-12-26")), "2026 has its notice");
        let early = cal.earliest_plausible();
        assert!(early.is_working_day(d("2027-01-02")));
        assert!(!early.is_working_day(d("2027-01-01")));
    }

    #[test]
    fn a_broken_year_file_is_refused_with_the_reason() {
        let bad = r#"{"year":2027,"source":"x","holidays":[{"name":"春节","from":"2027-02-10","to":"2027-02-01"}]}"#;
        let e = parse_year_file("2027.json", bad).unwrap_err().to_string();
        assert!(e.contains("起止日期不对"), "{e}");
    }
}
