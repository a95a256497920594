//! 信访人 and the masking used wherever personal data is shown in a list.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits::{MAX_ADDRESS_CHARS, MAX_NAME_CHARS};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct Petitioner {
    pub name: String,
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// 代表: chosen by a joint petition to speak for it (条例 §20 ¶3: at most 5 for a visit).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub representative: bool,
}

/// Full-width ASCII forms (what a Chinese IME types for digits and letters) and the
/// ideographic space, folded to ASCII.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Digits as typed, with the separators people put in numbers (spaces, dashes, brackets)
/// dropped: "１３８ １２３４-５６７８" → "13812345678".
fn digits_only(raw: &str, keep: &[char]) -> String {
    raw.chars()
        .map(fold_width)
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '-' | '—' | '–' | '－' | '(' | ')')
                || keep.contains(c)
        })
        .collect()
}

impl Petitioner {
    /// Input is normalised, not refused (issue #21): full-width digits become ASCII, spaces
    /// and dashes in ID numbers and phones are dropped, an empty field is no field.
    pub fn normalize(&mut self) {
        self.name = self.name.trim().to_string();
        if let Some(id) = self.id_number.take() {
            let id = digits_only(&id, &[]).to_ascii_uppercase();
            self.id_number = (!id.is_empty()).then_some(id);
        }
        if let Some(phone) = self.phone.take() {
            let p = digits_only(&phone, &[]);
            self.phone = (!p.is_empty()).then_some(p);
        }
        if let Some(a) = self.address.take() {
            let a = a.trim().to_string();
            self.address = (!a.is_empty()).then_some(a);
        }
    }

    pub fn validate(&self) -> Result<()> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Error::MissingField("信访人姓名（匿名请填写“匿名”）".into()));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::invalid(
                "信访人姓名",
                format!("不能超过 {MAX_NAME_CHARS} 个字符"),
            ));
        }
        if let Some(a) = &self.address
            && a.chars().count() > MAX_ADDRESS_CHARS
        {
            return Err(Error::invalid(
                "住址",
                format!("不能超过 {MAX_ADDRESS_CHARS} 个字符"),
            ));
        }
        if let Some(id) = &self.id_number {
            check_id_number(id)?;
        }
        if let Some(phone) = &self.phone {
            let p = phone.trim();
            let ok = !p.is_empty()
                && p.len() <= 20
                && p.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' '));
            if !ok {
                return Err(Error::invalid(
                    "联系电话",
                    format!("“{phone}”不是电话号码，只能包含数字、+、- 和空格"),
                ));
            }
        }
        Ok(())
    }
}

/// GB 11643-1999: 18 characters, the last a mod-11 check digit (or the 15-digit first
/// generation). A wrong check digit is almost always a typo, so it is refused.
pub fn check_id_number(raw: &str) -> Result<()> {
    let id = raw.trim().to_ascii_uppercase();
    let bad = |why: &str| Err(Error::invalid("身份证号", format!("“{raw}”{why}，请核对")));
    match id.len() {
        // GB 11643 first generation: 6-digit area code, then the birth date as YYMMDD (19YY).
        15 if id.chars().all(|c| c.is_ascii_digit()) => {
            let born = chrono::NaiveDate::parse_from_str(&format!("19{}", &id[6..12]), "%Y%m%d");
            match (id.as_bytes()[0], born) {
                (b'0', _) => bad("开头的地区码不对"),
                (_, Err(_)) => bad("第 7–12 位不是有效的出生日期（旧式 15 位：年月日各两位）"),
                _ => Ok(()),
            }
        }
        18 => {
            let body = &id[..17];
            if !body.chars().all(|c| c.is_ascii_digit()) {
                return bad("前 17 位应为数字");
            }
            const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            const CHECK: &[u8; 11] = b"10X98765432";
            let sum: u32 = body
                .bytes()
                .zip(W)
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            let expected = CHECK[(sum % 11) as usize] as char;
            if id.ends_with(expected) {
                Ok(())
            } else {
                bad("校验位不正确")
            }
        }
        _ => bad("应为 18 位（或旧式 15 位）"),
    }
}

/// 张三 → 张*, 欧阳娜娜 → 欧***; lists and exports show this by default.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
        None => String::new(),
    }
}

/// Keeps the region (first 6) and last 4: 500118********1234.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// 13812345678 → 138****5678.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// Replaces the petitioners' names, ID numbers, phones and addresses inside a free text with
/// `mask` — for confidential (检举控告) cases, whose demand or facts may quote the accuser.
/// Longest first, so a name inside an address does not leave the rest of it.
pub fn redact_identity(text: &str, petitioners: &[Petitioner], mask: &str) -> String {
    let mut secrets: Vec<&str> = Vec::new();
    for p in petitioners {
        secrets.push(p.name.trim());
        secrets.extend(p.id_number.iter().map(|s| s.trim()));
        secrets.extend(p.phone.iter().map(|s| s.trim()));
        secrets.extend(p.address.iter().map(|s| s.trim()));
    }
    // "匿名" is not an identity, and a one-character name would blank half the text.
    secrets.retain(|s| s.chars().count() >= 2 && *s != "匿名");
    secrets.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(s) {
            out = out.replace(s, mask);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_check_digit_is_verified() {
        assert!(check_id_number("11010519491231002X").is_ok());
        assert!(check_id_number("110105194912310021").is_err());
        assert!(check_id_number("123").is_err());
    }

    #[test]
    fn old_fifteen_digit_ids_are_checked_by_their_own_rule() {
        // 1949-12-31 born, first generation.
        assert!(check_id_number("110105491231002").is_ok());
        assert!(check_id_number("110105491331002").is_err(), "month 13");
        assert!(check_id_number("010105491231002").is_err(), "area code 0…");
    }

    #[test]
    fn ime_digits_spaces_and_dashes_are_normalised_not_refused() {
        let mut p = Petitioner {
            name: " 张三 ".into(),
            id_number: Some("１１０１０５ １９４９１２３１ ００２ｘ".into()),
            phone: Some("１３８-１２３４ ５６７８".into()),
            address: Some("  ".into()),
            representative: false,
        };
        p.normalize();
        assert_eq!(p.name, "张三");
        assert_eq!(p.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(p.phone.as_deref(), Some("13812345678"));
        assert_eq!(p.address, None);
        assert!(p.validate().is_ok());
        let mut landline = Petitioner {
            name: "李四".into(),
            phone: Some("(023) 4985-1234".into()),
            ..Default::default()
        };
        landline.normalize();
        assert_eq!(landline.phone.as_deref(), Some("02349851234"));
    }

    #[test]
    fn masks_keep_only_what_identifies_nobody() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(mask_phone("13812345678"), "138****5678");
    }
}
