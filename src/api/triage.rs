//! Triage (issue #16 items 6 and 9): earlier cases like a new one (重复信访), the
//! "三到位一处理" checklist of a repeat case, the watch list of 初信初访 cases at risk of
//! 初转重 / 信转访 (N §三.三), and the printable case sheet.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{CaseView, Desk};
use crate::domain::{Form, Petitioner, RepeatCheck, Status};
use crate::error::{Error, Result};
use crate::ledger::cases;
use crate::ledger::similar::{self, RepeatCandidate};
use crate::rules::repeats::{self, WatchFacts};
use crate::time::{Time, china_date, fmt_date, fmt_time};

/// How many watched cases the list returns (the card shows the first ten).
pub const WATCH_ITEMS: usize = 200;

/// How many earlier cases are suggested at most.
pub const SUGGESTIONS: usize = 8;

/// What to look for earlier cases by: a case in the ledger, or a form being filled in.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct RepeatQuery {
    /// A registered case: its own petitioners, demand and arrival are used.
    #[serde(default)]
    pub case_no: Option<String>,
    #[serde(default)]
    pub demand: Option<String>,
    #[serde(default)]
    #[ts(as = "Option<Vec<Petitioner>>", optional)]
    pub petitioners: Vec<Petitioner>,
    #[serde(default, with = "crate::domain::time_serde::option")]
    #[ts(as = "Option<String>")]
    pub arrived_at: Option<Time>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One open 初信初访 case with signs that it may come back.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct WatchItem {
    pub case_no: String,
    pub unit: String,
    pub form: Form,
    pub arrived_at: String,
    pub status_label: String,
    pub next_due: Option<String>,
    /// 初转重 or 信转访.
    pub kind: String,
    pub risks: Vec<String>,
}

/// The 工作台 card: first petitions under watch, and how many have already come back.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct WatchList {
    /// Open 初信初访 cases.
    pub first_open: u32,
    /// First petitions a later case already repeats (初转重), and of those by letter, call or
    /// online, how many came back as a visit (信转访).
    pub turned_repeat: u32,
    pub turned_visit: u32,
    /// How many cases have at least one risk.
    pub on_list: u32,
    /// The first of them (at most [`WATCH_ITEMS`]), most at risk first.
    pub items: Vec<WatchItem>,
}

impl Desk {
    /// Earlier cases by the same person or about the same matter, best first (N §三.三).
    pub fn repeat_suggest(&self, q: &RepeatQuery) -> Result<Vec<RepeatCandidate>> {
        let conn = self.ledger.conn();
        let limit = q.limit.map_or(SUGGESTIONS, |n| n.clamp(1, 50) as usize);
        let (petitioners, demand, arrived_by, exclude) = match &q.case_no {
            Some(no) => {
                let c = cases::load(conn, cases::find(conn, no, true)?)?;
                (
                    c.info.petitioners,
                    c.info.demand,
                    Some(fmt_time(&c.info.arrived_at)),
                    c.info.case_no,
                )
            }
            None => {
                let mut ps = q.petitioners.clone();
                ps.iter_mut().for_each(Petitioner::normalize);
                (
                    ps,
                    q.demand.clone().unwrap_or_default(),
                    q.arrived_at.as_ref().map(fmt_time),
                    String::new(),
                )
            }
        };
        let has_person = petitioners
            .iter()
            .any(|p| p.id_number.is_some() || p.phone.is_some() || p.address.is_some());
        if demand.trim().chars().count() < 2 && !has_person {
            return Ok(Vec::new());
        }
        similar::candidates(
            conn,
            &similar::Probe {
                petitioners: &petitioners,
                demand: &demand,
                exclude_case_no: &exclude,
                arrived_by: arrived_by.as_deref(),
                limit,
                matter: true,
            },
        )
    }

    /// Ticks (or unticks) one item of a repeat case's "三到位一处理" checklist (N §三.三).
    pub fn repeat_check(
        &mut self,
        case_no: &str,
        item: RepeatCheck,
        done: bool,
        note: Option<String>,
        at: Time,
        now: &Time,
    ) -> Result<CaseView> {
        let note = note.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
            return Err(Error::invalid("说明", "不能超过 500 字"));
        }
        self.mutate(case_no, now, "repeat_check", |tx, id, c, _| {
            if c.info.repeat_of.is_none() {
                return Err(Error::OutOfOrder(
                    "该件不是重复信访件；“三到位一处理”清单只用于重复信访事项（区信访办通知第三部分第（三）项）。请先标记重复。"
                        .into(),
                ));
            }
            if done {
                tx.execute(
                    "INSERT INTO repeat_checklist (case_id, item, done_at, note) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (case_id, item) DO UPDATE SET done_at = excluded.done_at, note = excluded.note",
                    params![id, item, fmt_time(&at), note],
                )?;
            } else {
                tx.execute(
                    "DELETE FROM repeat_checklist WHERE case_id = ?1 AND item = ?2",
                    params![id, item],
                )?;
            }
            let what = if done { "已落实" } else { "取消" };
            let detail = match &note {
                Some(n) => format!("三到位一处理：{}{what}（{n}）", item.label()),
                None => format!("三到位一处理：{}{what}", item.label()),
            };
            Ok(Some(("repeat_check", at, detail)))
        })
    }

    /// 呈批/办理经过单: the case on one A4 sheet (more when its history is long). Printed
    /// for anyone but the handler, a 检举控告 case has the accuser masked (条例 §30 ¶3).
    pub fn case_sheet(
        &self,
        case_no: &str,
        for_handler: bool,
        now: &Time,
    ) -> Result<crate::documents::sheet::CaseSheet> {
        let view = self.show_case(case_no, now)?;
        let fonts = crate::documents::FontSet::cached(&self.font_settings()?.options()?)?;
        crate::documents::sheet::case_sheet(&view.case, &view.deadlines, for_handler, &fonts, now)
    }

    /// The watch list of 初信初访 cases at risk of 初转重 / 信转访 (N §三.三).
    pub fn watch_list(&self, now: &Time) -> Result<WatchList> {
        let conn = self.ledger.conn();
        let today = china_date(now);
        let soon = fmt_date(today + chrono::Days::new(self.settings.due_soon_days.max(0) as u64));
        let today_s = fmt_date(today);
        let mut stmt = conn.prepare(
            "SELECT c.case_no, u.name, c.form, c.arrived_at, c.status, c.next_due, c.evaluation,
                c.threat, c.sensitive,
                (SELECT r.form = 'visit' FROM cases r
                  WHERE r.repeat_of = c.case_no AND r.deleted_at IS NULL ORDER BY r.form = 'visit' DESC LIMIT 1)
             FROM cases c JOIN units u ON u.id = c.unit_id
             WHERE c.first_petition = 1 AND c.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        let (mut first_open, mut turned_repeat, mut turned_visit) = (0u32, 0u32, 0u32);
        let mut items = Vec::new();
        while let Some(r) = rows.next()? {
            let status: Status = r.get(4)?;
            let next_due: Option<String> = r.get(5)?;
            let evaluation: Option<String> = r.get(6)?;
            let form: Form = r.get(2)?;
            let repeated: Option<bool> = r.get(9)?;
            let open = !matches!(
                status,
                Status::Evaluated | Status::Returned | Status::Deleted
            );
            let f = WatchFacts {
                not_a_visit: form != Form::Visit,
                overdue: open && next_due.as_deref().is_some_and(|d| d < today_s.as_str()),
                due_soon: open && next_due.as_deref().is_some_and(|d| d <= soon.as_str()),
                dissatisfied: evaluation.as_deref() == Some("dissatisfied"),
                threat: r.get(7)?,
                sensitive: r.get(8)?,
                repeated,
            };
            if let Some(visit) = repeated {
                turned_repeat += 1;
                if visit && f.not_a_visit {
                    turned_visit += 1;
                }
            }
            if open {
                first_open += 1;
            }
            let risks = repeats::watch_risks(&f);
            if risks.is_empty() || (!open && repeated.is_none() && !f.dissatisfied) {
                continue;
            }
            items.push(WatchItem {
                case_no: r.get(0)?,
                unit: r.get(1)?,
                form,
                arrived_at: r.get(3)?,
                status_label: status.label().to_string(),
                next_due,
                kind: repeats::watch_kind(&f).to_string(),
                risks: risks.into_iter().map(str::to_string).collect(),
            });
        }
        // Those that came back first, then the most signs, then the nearest deadline.
        items.sort_by(|a, b| {
            let came = |w: &WatchItem| w.risks.iter().any(|r| r.starts_with('已'));
            came(b)
                .cmp(&came(a))
                .then(b.risks.len().cmp(&a.risks.len()))
                .then(a.next_due.cmp(&b.next_due))
                .then(a.case_no.cmp(&b.case_no))
        });
        let on_list = items.len() as u32;
        items.truncate(WATCH_ITEMS);
        Ok(WatchList {
            first_open,
            turned_repeat,
            turned_visit,
            on_list,
            items,
        })
    }
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use super::{RepeatQuery, WatchList};
    use crate::api::contract::Command;
    use crate::api::{CaseView, Desk};
    use crate::domain::RepeatCheck;
    use crate::error::Result;
    use crate::ledger::similar::RepeatCandidate;
    use crate::time::Time;

    /// 查找可能重复的在先件（同一信访人，或同一住址、相似诉求）。
    #[derive(Deserialize, TS)]
    #[serde(transparent)]
    pub struct RepeatSuggestArgs(pub RepeatQuery);
    impl Command for RepeatSuggestArgs {
        const NAME: &'static str = "repeat_suggest";
        type Response = Vec<RepeatCandidate>;
        fn run(self, desk: &mut Desk, _now: &Time) -> Result<Vec<RepeatCandidate>> {
            desk.repeat_suggest(&self.0)
        }
    }

    /// 重复信访件的“三到位一处理”：勾选或取消一项。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct CaseRepeatCheckArgs {
        pub case_no: String,
        pub item: RepeatCheck,
        pub done: bool,
        #[serde(default)]
        pub note: Option<String>,
        #[serde(with = "crate::domain::time_serde")]
        #[ts(type = "string")]
        pub at: Time,
    }
    impl Command for CaseRepeatCheckArgs {
        const NAME: &'static str = "case_repeat_check";
        type Response = CaseView;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
            desk.repeat_check(&self.case_no, self.item, self.done, self.note, self.at, now)
        }
    }

    /// 生成呈批/办理经过单 PDF；`for_handler` 为假时按条例第三十条隐去检举人信息。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct CaseSheetArgs {
        pub case_no: String,
        /// Where to write the PDF (the shells pass a path in the case's folder).
        pub out: String,
        #[serde(default)]
        #[ts(as = "Option<bool>", optional)]
        pub for_handler: bool,
    }
    /// The sheet as written, and where.
    #[derive(serde::Serialize, TS)]
    pub struct SheetAt {
        pub sheet: crate::documents::sheet::CaseSheet,
        pub path: String,
    }
    impl Command for CaseSheetArgs {
        const NAME: &'static str = "case_sheet";
        type Response = SheetAt;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<SheetAt> {
            let sheet = desk.case_sheet(&self.case_no, self.for_handler, now)?;
            desk.save_document(std::path::Path::new(&self.out), &sheet.pdf)?;
            Ok(SheetAt {
                sheet,
                path: self.out,
            })
        }
    }

    /// 无参数：初信初访关注清单（初转重、信转访风险）。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct WatchListArgs {}
    impl Command for WatchListArgs {
        const NAME: &'static str = "watch_list";
        type Response = WatchList;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<WatchList> {
            desk.watch_list(now)
        }
    }
}
