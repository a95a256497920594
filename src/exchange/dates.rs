//! Dates as clerks type them: `2022/12/6`, `2022-12-06`, `2022.12.6`, `2022年12月6日`,
//! `20221206`, with or without a time (`16:20`, `16时20分`), full-width digits, Excel
//! serial numbers and real date cells. All are China time (UTC+8).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::columns::fold_width;

/// Excel's day 0 for the 1900 date system (serial 60 is the fictitious 1900-02-29).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
}

/// Serials between 1990-01-01 and 2100-12-31: anything else is not a ledger date.
const SERIAL_MIN: f64 = 32874.0;
const SERIAL_MAX: f64 = 73415.0;

/// An Excel serial date-time (days since 1899-12-30, fraction = time of day).
pub fn from_serial(serial: f64) -> Result<NaiveDateTime, String> {
    if !serial.is_finite() || !(SERIAL_MIN..SERIAL_MAX + 1.0).contains(&serial) {
        return Err(format!(
            "数字 {serial} 不是 1990 年至 2100 年之间的日期（Excel 日期序号应在 {SERIAL_MIN} 至 {SERIAL_MAX} 之间）"
        ));
    }
    let ms = (serial * 86_400_000.0).round() as i64;
    // Round to the second: Excel stores times as binary fractions of a day.
    let secs = (ms + 500).div_euclid(1000);
    excel_epoch()
        .and_time(NaiveTime::MIN)
        .checked_add_signed(chrono::Duration::seconds(secs))
        .ok_or_else(|| format!("日期序号 {serial} 超出范围"))
}

/// Parses a date or date-time typed as text. The error says what is wrong, in Chinese.
pub fn parse_text(raw: &str) -> Result<NaiveDateTime, String> {
    let s: String = raw.chars().map(fold_width).collect();
    let s = s.trim();
    if s.is_empty() {
        return Err("日期为空".into());
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&crate::time::cst()).naive_local());
    }
    // A bare number: 20221206, or an Excel serial typed (or pasted) as text.
    if s.chars().all(|c| c.is_ascii_digit() || c == '.') && !s.contains("..") {
        let digits_only = s.chars().all(|c| c.is_ascii_digit());
        if digits_only && s.len() == 8 {
            let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
            return ymd(num(y)?, num(m)?, num(d)?).map(|d| d.and_time(NaiveTime::MIN));
        }
        if s.matches('.').count() <= 1
            && let Ok(f) = s.parse::<f64>()
        {
            return from_serial(f);
        }
    }
    // Runs of digits with the separators between them.
    let mut nums: Vec<u32> = Vec::new();
    let mut seps: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut sep = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !sep.is_empty() || (nums.is_empty() && cur.is_empty()) {
                seps.push(std::mem::take(&mut sep));
            }
            cur.push(c);
            if cur.len() > 4 {
                return Err(format!("“{raw}”中的数字过长"));
            }
        } else {
            if !cur.is_empty() {
                nums.push(num(&cur)?);
                cur.clear();
            }
            sep.push(c);
        }
    }
    if !cur.is_empty() {
        nums.push(num(&cur)?);
    }
    let trailing = sep;
    if nums.len() < 3 {
        return Err(format!(
            "“{raw}”缺少年、月或日，请写成 2022-12-06 或 2022年12月6日"
        ));
    }
    // Fractions of a second, as Java-based platforms print them: 16:20:00.0
    if nums.len() == 7 && seps.get(6).is_some_and(|x| x == ".") {
        nums.pop();
        seps.pop();
    }
    if nums.len() > 6 {
        return Err(format!("“{raw}”含有多余的数字"));
    }
    // Separators allowed between the parts; anything else (letters, words) is refused.
    let date_sep = |x: &str| matches!(x.trim(), "-" | "/" | "." | "年" | "月" | "");
    let ok_seps = seps.first().is_some_and(|x| x.is_empty())
        && seps.iter().skip(1).take(2).all(|x| date_sep(x))
        && seps.iter().skip(3).enumerate().all(|(i, x)| {
            let x = x.trim();
            if i == 0 {
                x.is_empty() || matches!(x, "日" | "T" | "号")
            } else {
                matches!(x, ":" | "时" | "点" | "分")
            }
        })
        && matches!(
            trailing.trim(),
            "" | "日" | "号" | "分" | "秒" | "时" | "点"
        );
    if !ok_seps {
        return Err(format!(
            "“{raw}”不是可识别的日期格式，请写成 2022-12-06、2022/12/6、2022.12.6 或 2022年12月6日（可带 16:20）"
        ));
    }
    if nums[0] < 1000 {
        return Err(format!("“{raw}”的年份应写满四位，如 2022"));
    }
    let date = ymd(nums[0], nums[1], nums[2])?;
    let (h, mi, sec) = (
        nums.get(3).copied().unwrap_or(0),
        nums.get(4).copied().unwrap_or(0),
        nums.get(5).copied().unwrap_or(0),
    );
    let time = NaiveTime::from_hms_opt(h, mi, sec)
        .ok_or_else(|| format!("“{raw}”中的时刻 {h}:{mi:02}:{sec:02} 不存在"))?;
    Ok(date.and_time(time))
}

fn num(s: &str) -> Result<u32, String> {
    s.parse::<u32>().map_err(|_| format!("“{s}”不是数字"))
}

fn ymd(y: u32, m: u32, d: u32) -> Result<NaiveDate, String> {
    if !(1990..=2100).contains(&y) {
        return Err(format!("年份 {y} 不在 1990 至 2100 之间"));
    }
    if !(1..=12).contains(&m) {
        return Err(format!("没有 {m} 月"));
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| format!("{y} 年 {m} 月没有第 {d} 日"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        parse_text(s)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn every_form_clerks_type() {
        for s in [
            "2022/12/6",
            "2022-12-06",
            "2022.12.6",
            "2022年12月6日",
            "2022年12月06日",
            "20221206",
            "２０２２／１２／６",
            " 2022-12-6  ",
            "2022 年 12 月 6 日",
            "2022-12-06T00:00:00+08:00",
            "44901",
        ] {
            assert_eq!(d(s), "2022-12-06 00:00:00", "{s}");
        }
        assert_eq!(d("2022/12/6 16:20"), "2022-12-06 16:20:00");
        assert_eq!(d("2022年12月6日16时20分"), "2022-12-06 16:20:00");
        assert_eq!(d("2022-12-06 16:20:05"), "2022-12-06 16:20:05");
        assert_eq!(d("2022-12-06T16:20"), "2022-12-06 16:20:00");
        assert_eq!(d("44901.5"), "2022-12-06 12:00:00");
        assert_eq!(d("2022-12-06 16:20:00.0"), "2022-12-06 16:20:00");
        assert!(d("2022-12-06 16:20:00-5").contains("多余"));
    }

    #[test]
    fn wrong_dates_say_why() {
        assert!(d("2022-02-30").contains("2 月没有第 30 日"));
        assert!(d("2022-13-01").contains("没有 13 月"));
        assert!(d("12月6日").contains("缺少"));
        assert!(d("明天").contains("缺少"));
        assert!(d("2022-12-06 25:00").contains("不存在"));
        assert!(d("22/12/6").contains("四位"));
        assert!(d("2022x12x6").contains("不是可识别"));
        assert!(d("5").contains("1990"));
    }
}
