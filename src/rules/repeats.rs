//! 重复信访 triage (N §三.三): how alike two cases are — by the person, the address and
//! the words of the demand — and which earlier cases to suggest, best first. Pure: the
//! ledger finds the candidates, this ranks them.

use std::collections::HashSet;

/// The two-character runs of a text's letters and digits (Chinese words are mostly two
/// characters, so shared pairs are shared words: 电梯, 维修, 拖欠, 工资).
pub fn word_pairs(text: &str) -> HashSet<[char; 2]> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    chars
        .windows(2)
        .filter(|w| w[0].is_alphanumeric() && w[1].is_alphanumeric())
        .map(|w| [w[0], w[1]])
        .collect()
}

/// Dice's coefficient of the two texts' word pairs: 1 for the same words, 0 for none shared.
pub fn similarity(a: &HashSet<[char; 2]>, b: &HashSet<[char; 2]>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    2.0 * shared as f32 / (a.len() + b.len()) as f32
}

/// How the earlier case was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonMatch {
    IdNumber,
    NameAndPhone,
}

impl PersonMatch {
    pub fn label(self) -> &'static str {
        match self {
            PersonMatch::IdNumber => "身份证号相同",
            PersonMatch::NameAndPhone => "姓名和电话相同",
        }
    }
}

/// What is known of an earlier case when it is ranked.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub person: Option<PersonMatch>,
    /// A petitioner's address is the same (or nearly: one written a little differently).
    pub same_address: bool,
    /// [`similarity`] of the demands.
    pub words: f32,
}

/// Words alike enough to be "the same matter" on their own.
pub const SAME_WORDS: f32 = 0.45;
/// Words alike enough at the same address (the same building, road or village).
pub const SAME_PLACE_WORDS: f32 = 0.2;
/// Addresses this alike are the same place written twice.
pub const SAME_ADDRESS: f32 = 0.8;

impl Evidence {
    /// Whether the case is worth suggesting: the same person, or the same matter — alike
    /// words, or fewer alike words at the same address.
    pub fn suggests(&self) -> bool {
        self.person.is_some()
            || self.words >= SAME_WORDS
            || (self.same_address && self.words >= SAME_PLACE_WORDS)
    }

    /// The ranking score: the same person first, then the same place, then the words.
    pub fn score(&self) -> f32 {
        let person = match self.person {
            Some(PersonMatch::IdNumber) => 2.0,
            Some(PersonMatch::NameAndPhone) => 1.5,
            None => 0.0,
        };
        let place = if self.same_address { 0.5 } else { 0.0 };
        person + place + self.words
    }

    /// The reasons, in Chinese, as the clerk reads them.
    pub fn reasons(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = self.person {
            out.push(p.label().to_string());
        }
        if self.same_address {
            out.push("住址相同".to_string());
        }
        if self.words >= SAME_PLACE_WORDS {
            out.push(format!("诉求相似 {:.0}%", self.words * 100.0));
        }
        out
    }
}

/// What the watch list knows of an open 初信初访 case.
#[derive(Debug, Clone, Default)]
pub struct WatchFacts {
    /// Came by letter, online or phone (not a visit): the 信转访 risk applies.
    pub not_a_visit: bool,
    pub overdue: bool,
    pub due_soon: bool,
    pub dissatisfied: bool,
    pub threat: bool,
    pub sensitive: bool,
    /// A later case already repeats it, and whether that one was a visit.
    pub repeated: Option<bool>,
}

/// N §三.三 "防止和减少'初转重''信转访'": the signs that a first petition may come back —
/// or has come back — as a repeat or as a visit.
pub fn watch_risks(f: &WatchFacts) -> Vec<&'static str> {
    let mut out = Vec::new();
    match f.repeated {
        Some(true) if f.not_a_visit => out.push("已信转访：同一事项又来访"),
        Some(_) => out.push("已初转重：同一事项再次信访"),
        None => {}
    }
    if f.overdue {
        out.push("已超期未办结");
    } else if f.due_soon {
        out.push("临近期限");
    }
    if f.dissatisfied {
        out.push("评价不满意");
    }
    if f.threat {
        out.push("扬言过激");
    }
    if f.sensitive {
        out.push("敏感");
    }
    out
}

/// Which risk the case is watched for: 信转访 for a letter, call or online item, else 初转重.
pub fn watch_kind(f: &WatchFacts) -> &'static str {
    if f.not_a_visit {
        "信转访"
    } else {
        "初转重"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_complaint_in_other_words_is_alike_and_another_matter_is_not() {
        let first = word_pairs("小区电梯长期故障，要求物业维修");
        let again = word_pairs("反映小区电梯故障一直没人维修，要求物业尽快修好");
        let other = word_pairs("拖欠农民工工资三个月，要求支付");
        assert!(similarity(&first, &again) >= SAME_PLACE_WORDS);
        assert!(similarity(&first, &other) < 0.1);
        assert_eq!(similarity(&first, &first), 1.0);
    }

    #[test]
    fn the_same_person_ranks_above_a_stranger_with_the_same_words() {
        let person = Evidence {
            person: Some(PersonMatch::IdNumber),
            words: 0.1,
            ..Default::default()
        };
        let stranger = Evidence {
            words: 0.9,
            ..Default::default()
        };
        assert!(person.score() > stranger.score());
        assert!(person.suggests() && stranger.suggests());
    }

    #[test]
    fn a_few_shared_words_count_only_at_the_same_address() {
        let loose = Evidence {
            words: 0.3,
            ..Default::default()
        };
        assert!(!loose.suggests());
        let same_place = Evidence {
            same_address: true,
            ..loose
        };
        assert!(same_place.suggests());
        assert_eq!(same_place.reasons(), ["住址相同", "诉求相似 30%"]);
    }

    #[test]
    fn a_first_letter_answered_late_is_watched_for_becoming_a_visit() {
        let f = WatchFacts {
            not_a_visit: true,
            overdue: true,
            ..Default::default()
        };
        assert_eq!(watch_risks(&f), ["已超期未办结"]);
        assert_eq!(watch_kind(&f), "信转访");
        let came = WatchFacts {
            repeated: Some(true),
            ..f
        };
        assert_eq!(watch_risks(&came)[0], "已信转访：同一事项又来访");
        assert!(watch_risks(&WatchFacts::default()).is_empty());
    }
}
