//! Writes cases to a ledger one transaction at a time, printing each case number after its
//! commit returns. The crash test kills it mid-run; also handy for load on a real ledger.
//!
//! usage: ledger_writer LEDGER COUNT

use std::io::Write;

use xinfang::api::Desk;
use xinfang::domain::{Form, NewCase, Petitioner, Purpose, Source};
use xinfang::time::parse_time;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: ledger_writer LEDGER COUNT")?;
    let count: usize = args
        .next()
        .ok_or("usage: ledger_writer LEDGER COUNT")?
        .parse()?;
    let mut desk = Desk::open(std::path::Path::new(&path), true)?.with_actor("crash-writer");
    let now = parse_time("2026-10-09 10:00")?;
    let out = std::io::stdout();
    for i in 0..count {
        let case_no = format!("W-{i:05}");
        let case = NewCase {
            case_no: case_no.clone(),
            unit: format!("单位{}", i % 7),
            source: Source::Forwarded,
            sender: None,
            sender_level: None,
            arrived_at: parse_time("2026-10-08 09:00")?,
            petition_date: None,
            form: Form::Letter,
            petitioners: vec![Petitioner {
                name: format!("信访人{i}"),
                ..Petitioner::default()
            }],
            people_count: None,
            demand: format!("第 {i} 件诉求内容"),
            demand_summary: None,
            suggestions: None,
            facts: None,
            history: None,
            purpose: Purpose::Suggestion,
            category: None,
            hot_issue: None,
            cause: None,
            sensitive: false,
            threat: false,
            responsible_leader: None,
            case_owner_leader: None,
            in_evaluation_scope: false,
            section: None,
            handler: None,
            repeat_of: None,
            statutory_due_date: None,
            sender_deadline: None,
            notes: None,
        };
        desk.add_case(case, &now)?;
        desk.sign_for(&case_no, parse_time("2026-10-08 10:00")?, &now)?;
        // Acknowledge only after both commits returned.
        let mut lock = out.lock();
        writeln!(lock, "{case_no}")?;
        lock.flush()?;
    }
    Ok(())
}
