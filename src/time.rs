//! Times in the ledger: always China Standard Time (UTC+8, no DST), stored as
//! RFC 3339 text with a fixed `+08:00` offset so that text order is time order.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::error::{Error, Result};

pub type Time = DateTime<FixedOffset>;

/// UTC+8; the constant is in range so this cannot fail.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::west_opt(0).expect("UTC"))
}

/// Accepts RFC 3339 (`2026-09-30T16:20:00+08:00`), or a plain China-time
/// `2026-09-30 16:20[:00]`, `2026-09-30T16:20`, or a bare date (start of that day).
pub fn parse_time(value: &str) -> Result<Time> {
    let s = value.trim();
    if s.is_empty() {
        return Err(Error::BadTime {
            value: value.into(),
            why: "时间为空".into(),
        });
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&cst()));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return from_china_naive(value, n);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return from_china_naive(value, d.and_time(NaiveTime::MIN));
    }
    Err(Error::BadTime {
        value: value.into(),
        why: why_unparsable(s),
    })
}

fn from_china_naive(value: &str, n: NaiveDateTime) -> Result<Time> {
    cst()
        .from_local_datetime(&n)
        .single()
        .ok_or_else(|| Error::BadTime {
            value: value.into(),
            why: "不是有效的时刻".into(),
        })
}

/// A more useful reason than "could not parse": most failures are impossible dates.
fn why_unparsable(s: &str) -> String {
    let date_part: String = s.chars().take(10).collect();
    let parts: Vec<&str> = date_part.split('-').collect();
    if parts.len() == 3
        && let (Ok(y), Ok(m), Ok(d)) = (
            parts[0].parse::<i32>(),
            parts[1].parse::<u32>(),
            parts[2].parse::<u32>(),
        )
        && NaiveDate::from_ymd_opt(y, m, d).is_none()
    {
        return format!("{y} 年 {m} 月没有第 {d} 日");
    }
    "格式不对".into()
}

pub fn parse_date(value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| Error::BadTime {
        value: value.into(),
        why: why_unparsable(value.trim()),
    })
}

/// Canonical stored form. Written by hand: this runs several times per stored case and
/// chrono's format strings are parsed on every call.
pub fn fmt_time(t: &Time) -> String {
    use chrono::{Datelike, Timelike};
    let c = t.with_timezone(&cst());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00",
        c.year(),
        c.month(),
        c.day(),
        c.hour(),
        c.minute(),
        c.second()
    )
}

/// How a time reads in a message to the clerk: "2026-10-08 10:00", China time, no zone.
pub fn show_time(t: &Time) -> String {
    t.with_timezone(&cst()).format("%Y-%m-%d %H:%M").to_string()
}

pub fn fmt_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// The China calendar day a time falls on.
pub fn china_date(t: &Time) -> NaiveDate {
    t.with_timezone(&cst()).date_naive()
}

/// Reads a stored time back; the ledger only holds what `fmt_time` wrote, but a hand-edited
/// file must still give an error rather than a panic.
pub fn read_time(s: &str) -> Result<Time> {
    DateTime::parse_from_rfc3339(s).map_err(|_| Error::Db(format!("台账中的时间“{s}”已损坏")))
}

pub fn read_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::Db(format!("台账中的日期“{s}”已损坏")))
}

const WEEKDAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];

pub fn weekday_zh(d: NaiveDate) -> &'static str {
    use chrono::Datelike;
    WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

/// `2022年12月6日`, the form official documents use (no zero padding).
pub fn date_zh(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_time_is_china_time() {
        let t = parse_time("2026-09-30 16:20").unwrap();
        assert_eq!(fmt_time(&t), "2026-09-30T16:20:00+08:00");
    }

    #[test]
    fn utc_input_is_stored_as_china_time() {
        let t = parse_time("2026-09-30T20:00:00Z").unwrap();
        assert_eq!(fmt_time(&t), "2026-10-01T04:00:00+08:00");
        assert_eq!(fmt_date(china_date(&t)), "2026-10-01");
    }

    #[test]
    fn impossible_date_says_why() {
        let e = parse_time("2026-02-30 10:00").unwrap_err().to_string();
        assert!(e.contains("2026 年 2 月没有第 30 日"), "{e}");
    }

    #[test]
    fn official_date_has_no_zero_padding() {
        let d = NaiveDate::from_ymd_opt(2022, 12, 6).unwrap();
        assert_eq!(date_zh(d), "2022年12月6日");
    }
}
