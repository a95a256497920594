//! Property tests of the deadline engine over the whole bundled calendar (2022–2026).

use chrono::NaiveDate;
use proptest::prelude::*;
use xinfang::calendar::Calendar;
use xinfang::rules::deadlines::{DayCount, compute_due, default_rules};

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).expect("date") + chrono::Duration::days(offset)
}

/// Offsets that keep every default deadline inside the data (2022-01-01 .. ~2026-10).
const SPAN: i64 = 365 * 5 - 100;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    // 民法典 §201: periods run forward; a later anchor never ends sooner.
    #[test]
    fn a_later_arrival_never_gives_an_earlier_deadline(a in 0..SPAN, gap in 0i64..40) {
        let cal = Calendar::bundled();
        for rule in default_rules() {
            let first = compute_due(&cal, &rule, day(a), 0).due_date;
            let second = compute_due(&cal, &rule, day(a + gap), 0).due_date;
            prop_assert!(second >= first, "{}: {} then {}", rule.id, first, second);
        }
    }

    // 民法典 §203: a last day on a rest day moves to the next working day.
    #[test]
    fn a_calendar_day_deadline_never_ends_on_a_rest_day(a in 0..SPAN, ext in 0u32..=30) {
        let cal = Calendar::bundled();
        for rule in default_rules().into_iter().filter(|r| r.count == DayCount::CalendarDays) {
            let d = compute_due(&cal, &rule, day(a), ext);
            prop_assert!(cal.is_working_day(d.due_date), "{} ends on {} ({})", rule.id, d.due_date, d.explanation);
            // and it is the first working day on or after the nominal day
            let nominal = day(a) + chrono::Days::new(u64::from(rule.days + ext));
            prop_assert!(d.due_date >= nominal);
            let mut x = nominal;
            while x < d.due_date {
                prop_assert!(!cal.is_working_day(x), "skipped working day {}", x);
                x = x.succ_opt().expect("date");
            }
        }
    }

    // 条例 §23: "N 个工作日" counts exactly N working days after the anchor, 调休 Saturdays included.
    #[test]
    fn working_day_counts_are_exact(a in 0..SPAN, n in 1u32..=20) {
        let cal = Calendar::bundled();
        let mut rule = default_rules().into_iter().find(|r| r.id == "return_objection").expect("rule");
        rule.days = n;
        let d = compute_due(&cal, &rule, day(a), 0);
        prop_assert!(cal.is_working_day(d.due_date));
        let counted = day(a).iter_days().skip(1).take_while(|x| *x <= d.due_date).filter(|x| cal.is_working_day(*x)).count();
        prop_assert_eq!(counted as u32, n);
        prop_assert!(d.warnings.is_empty());
    }
}

#[test]
fn makeup_saturdays_count_as_working_days() {
    // 2026-02-13 (Fri) + 1 working day: 02-14 is a 调休上班日 (Saturday).
    let cal = Calendar::bundled();
    let mut rule = default_rules()
        .into_iter()
        .find(|r| r.id == "return_objection")
        .expect("rule");
    rule.days = 1;
    let d = compute_due(
        &cal,
        &rule,
        NaiveDate::from_ymd_opt(2026, 2, 13).expect("date"),
        0,
    );
    assert_eq!(
        d.due_date,
        NaiveDate::from_ymd_opt(2026, 2, 14).expect("date")
    );
}
