//! 五率 and the Yongchuan score on a small ledger built step by step.

use crate::util::{TempLedger, case, t};
use xinfang::domain::{BreachLevel, BreachNotice, Evaluation, Purpose};
use xinfang::rules::rates::RateId;

fn rate(r: &xinfang::rules::rates::UnitRates, id: RateId) -> (u64, u64, Option<f64>) {
    let x = r.rates.iter().find(|x| x.id == id).expect("rate");
    (x.numerator, x.denominator, x.value)
}

#[test]
fn five_rates_count_in_time_late_and_overdue() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let reg = t("2026-03-02 09:00");
    let unit = "永川区住房城乡建委";
    // A: accepted in time, replied in time, satisfied
    desk.add_case(
        case("A")
            .purpose(Purpose::Suggestion)
            .arrived("2026-03-02 09:00")
            .build(),
        &reg,
    )
    .expect("add");
    desk.sign_for("A", t("2026-03-02 10:00"), &reg).expect("s");
    desk.decide("A", "direct_reply", t("2026-03-03 10:00"), None, &reg)
        .expect("d");
    desk.reply("A", t("2026-03-10 10:00"), &reg).expect("r");
    desk.evaluate("A", Evaluation::Satisfied, t("2026-03-11 10:00"), &reg)
        .expect("e");
    // B: accepted late (03-02 + 5 = 03-07 Sat → 03-09), replied late, dissatisfied
    desk.add_case(
        case("B")
            .purpose(Purpose::Suggestion)
            .arrived("2026-03-02 09:00")
            .petitioner("李四", None, Some("1390000"))
            .build(),
        &reg,
    )
    .expect("add");
    desk.sign_for("B", t("2026-03-02 10:00"), &reg).expect("s");
    desk.decide("B", "direct_reply", t("2026-03-10 10:00"), None, &reg)
        .expect("d");
    desk.reply("B", t("2026-04-01 10:00"), &reg).expect("r");
    desk.evaluate("B", Evaluation::Dissatisfied, t("2026-04-02 10:00"), &reg)
        .expect("e");
    // C: never accepted, overdue; a repeat of A
    desk.add_case(
        case("C").arrived("2026-03-02 09:00").repeat_of("A").build(),
        &reg,
    )
    .expect("add");
    // D: accusation, replied in time, never in the evaluation scope
    desk.add_case(
        case("D")
            .purpose(Purpose::Accusation)
            .arrived("2026-03-02 09:00")
            .build(),
        &reg,
    )
    .expect("add");
    desk.sign_for("D", t("2026-03-02 10:00"), &reg).expect("s");
    desk.decide("D", "direct_reply", t("2026-03-03 10:00"), None, &reg)
        .expect("d");
    desk.reply("D", t("2026-03-05 10:00"), &reg).expect("r");
    // last year: 1 case, no repeat → repeat rate rose from 0% to 25%
    desk.add_case(
        case("OLD").arrived("2025-05-06 09:00").unit(unit).build(),
        &reg,
    )
    .expect("add");
    desk.record_breach(
        BreachNotice {
            unit: unit.into(),
            case_no: Some("B".into()),
            level: BreachLevel::District,
            notified_on: "2026-04-10".parse().expect("d"),
            reason: "答复超期".into(),
        },
        &reg,
    )
    .expect("breach");

    let report = desk
        .rates(2026, None, &t("2026-06-01 09:00"))
        .expect("rates");
    let u = &report.units[0];
    assert_eq!(u.unit, unit);
    assert_eq!(rate(u, RateId::TimelyAcceptance), (2, 4, Some(0.5)));
    assert_eq!(rate(u, RateId::OnTimeReply), (2, 3, Some(2.0 / 3.0)));
    assert_eq!(rate(u, RateId::Participation), (2, 2, Some(1.0)));
    assert_eq!(rate(u, RateId::Satisfaction), (1, 2, Some(0.5)));
    assert_eq!(rate(u, RateId::RepeatRate), (1, 4, Some(0.25)));
    assert_eq!(u.repeat_rate_change_pct, Some(25.0));
    assert!(!u.named_for_repeats, "25% is the line, not over it");
    // 0.5 × 5 − 25 × 0.2 − 0.5
    assert_eq!(u.score, -3.0);
    assert_eq!(report.overall.counts, u.counts);
}

#[test]
fn rates_per_unit_and_filtered_by_unit() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let reg = t("2026-03-02 09:00");
    desk.add_case(
        case("A").unit("甲局").arrived("2026-03-02 09:00").build(),
        &reg,
    )
    .expect("add");
    desk.add_case(
        case("B").unit("乙局").arrived("2026-03-02 09:00").build(),
        &reg,
    )
    .expect("add");
    desk.add_case(
        case("C").unit("乙局").arrived("2026-03-02 09:00").build(),
        &reg,
    )
    .expect("add");
    let all = desk.rates(2026, None, &reg).expect("rates");
    assert_eq!(all.units.len(), 2);
    assert_eq!(all.overall.counts.total, 3);
    let one = desk.rates(2026, Some("乙局"), &reg).expect("rates");
    assert_eq!(one.units.len(), 1);
    assert_eq!(one.overall.counts.total, 2);
    assert!(
        desk.rates(2026, Some("丙局"), &reg)
            .expect("rates")
            .units
            .is_empty()
    );
}
