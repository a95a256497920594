//! Earlier cases like a new one (重复信访 triage, N §三.三): by the same person (ID number,
//! or name and phone), at the same address, or about the same matter in similar words —
//! found through the indexes and the `case_grams` word-pair index, ranked by
//! [`crate::rules::repeats`]. All offline, all in the ledger file.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::domain::Petitioner;
use crate::error::Result;
use crate::rules::repeats::{self, Evidence, PersonMatch};

/// An earlier case that may be the same matter (a possible 重复信访).
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct RepeatCandidate {
    pub case_no: String,
    pub arrived_at: String,
    /// The first 40 characters of its demand.
    pub demand: String,
    pub unit: String,
    pub status_label: String,
    /// Why it is suggested, joined: "身份证号相同、诉求相似 82%".
    pub matched_by: String,
    pub reasons: Vec<String>,
    /// Whether the same person raised it (ID number, or name and phone).
    pub same_person: bool,
    /// How alike the demands are, 0–1.
    pub similarity: f32,
    /// The ranking score (same person, then same place, then the words).
    pub score: f32,
}

/// What a new or existing case is compared by.
pub struct Probe<'a> {
    pub petitioners: &'a [Petitioner],
    pub demand: &'a str,
    /// The case itself (never its own repeat).
    pub exclude_case_no: &'a str,
    /// Only cases that arrived at or before this time (RFC 3339 text): earlier ones.
    pub arrived_by: Option<&'a str>,
    pub limit: usize,
    /// Also look for the same matter (address, similar words); off for a bulk import,
    /// where only the person is matched (the 初信初访 mark).
    pub matter: bool,
}

/// How many of the rarest word pairs of the demand are looked up, and how many cases the
/// word index hands over for ranking.
const PAIRS_LOOKED_UP: usize = 12;
const TEXT_CANDIDATES: usize = 120;
/// How many index entries the bm25-ranked OR query may read.
const OR_POSTINGS: i64 = 20_000;
/// More cases than this at one address, and the address is not a place (a district name).
const COMMON_ADDRESS: usize = 50;

/// Earlier cases by the same person only (the 初信初访 mark at registration).
pub fn same_person(
    conn: &Connection,
    petitioners: &[Petitioner],
    exclude_case_no: &str,
) -> Result<bool> {
    let hits = person_hits(conn, petitioners)?;
    let mut other = conn.prepare_cached(
        "SELECT 1 FROM cases WHERE id = ?1 AND deleted_at IS NULL AND case_no <> ?2",
    )?;
    for id in hits.keys() {
        if other.exists(params![id, exclude_case_no.trim()])? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn person_hits(conn: &Connection, petitioners: &[Petitioner]) -> Result<HashMap<i64, PersonMatch>> {
    let mut by_id = conn.prepare_cached("SELECT case_id FROM petitioners WHERE id_number = ?1")?;
    let mut by_name_phone =
        conn.prepare_cached("SELECT case_id FROM petitioners WHERE name = ?1 AND phone = ?2")?;
    let mut hits: HashMap<i64, PersonMatch> = HashMap::new();
    for p in petitioners {
        if let Some(idn) = &p.id_number {
            let idn = idn.trim().to_ascii_uppercase();
            for id in by_id.query_map([idn], |r| r.get::<_, i64>(0))? {
                hits.insert(id?, PersonMatch::IdNumber);
            }
        }
        if let Some(phone) = &p.phone {
            for id in by_name_phone
                .query_map(params![p.name.trim(), phone.trim()], |r| r.get::<_, i64>(0))?
            {
                hits.entry(id?).or_insert(PersonMatch::NameAndPhone);
            }
        }
    }
    Ok(hits)
}

/// The demand's word pairs that say something about the matter, rarest first, with the
/// number of cases each appears in (a pair in most cases — 要求, 反映 — says nothing).
fn rare_pairs(conn: &Connection, demand: &str) -> Result<Vec<(i64, String)>> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_grams_vocab USING fts5vocab(main, case_grams, row);",
    )?;
    let mut doc_count =
        conn.prepare_cached("SELECT doc FROM temp.case_grams_vocab WHERE term = ?1")?;
    let cases: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM cases", [], |r| r.get(0))?;
    let common = (cases / 5).max(50);
    let mut pairs: Vec<(i64, String)> = Vec::new();
    for p in repeats::word_pairs(demand) {
        let term: String = p.iter().collect();
        let n: Option<i64> = doc_count.query_row([&term], |r| r.get(0)).optional()?;
        if let Some(n) = n.filter(|n| *n > 0 && *n <= common) {
            pairs.push((n, term));
        }
    }
    pairs.sort();
    pairs.truncate(PAIRS_LOOKED_UP);
    Ok(pairs)
}

fn quoted(t: &str) -> String {
    format!("\"{}\"", t.replace('"', "\"\""))
}

/// Cases sharing the demand's words, for ranking: first those with all three rarest pairs
/// (a short list even on a popular topic), newest first; when few share them all, any of
/// the rarest pairs ranked by bm25 — as many pairs as keep the lists it reads short.
fn word_hits(conn: &Connection, demand: &str) -> Result<Vec<i64>> {
    let pairs = rare_pairs(conn, demand)?;
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = Vec::new();
    if pairs.len() >= 3 {
        let q = pairs[..3]
            .iter()
            .map(|(_, t)| quoted(t))
            .collect::<Vec<_>>()
            .join(" AND ");
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM case_grams WHERE case_grams MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
        )?;
        for id in stmt.query_map(params![q, TEXT_CANDIDATES as i64], |r| r.get::<_, i64>(0))? {
            ids.push(id?);
        }
    }
    if ids.len() < TEXT_CANDIDATES / 4 {
        let mut read = 0i64;
        let terms: Vec<String> = pairs
            .iter()
            .take_while(|(n, _)| {
                read += n;
                read <= OR_POSTINGS || read == *n
            })
            .map(|(_, t)| quoted(t))
            .collect();
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM case_grams WHERE case_grams MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        for id in stmt.query_map(params![terms.join(" OR "), TEXT_CANDIDATES as i64], |r| {
            r.get::<_, i64>(0)
        })? {
            ids.push(id?);
        }
    }
    Ok(ids)
}

/// Earlier cases like the probe, best first.
pub fn candidates(conn: &Connection, probe: &Probe<'_>) -> Result<Vec<RepeatCandidate>> {
    let mut evidence: HashMap<i64, Evidence> = HashMap::new();
    for (id, how) in person_hits(conn, probe.petitioners)? {
        evidence.entry(id).or_default().person = Some(how);
    }
    let addresses: Vec<&str> = probe
        .petitioners
        .iter()
        .filter_map(|p| p.address.as_deref().map(str::trim))
        .filter(|a| !a.is_empty() && probe.matter)
        .collect();
    {
        // An address shared by many cases ("永川区") names no place.
        let mut by_address =
            conn.prepare_cached("SELECT case_id FROM petitioners WHERE address = ?1 LIMIT ?2")?;
        for a in &addresses {
            let ids: Vec<i64> = by_address
                .query_map(params![a, COMMON_ADDRESS as i64 + 1], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if ids.len() > COMMON_ADDRESS {
                continue;
            }
            for id in ids {
                evidence.entry(id).or_default().same_address = true;
            }
        }
    }
    if probe.matter {
        for id in word_hits(conn, probe.demand)? {
            evidence.entry(id).or_default();
        }
    }
    let mine = repeats::word_pairs(probe.demand);
    let address_pairs: Vec<_> = addresses.iter().map(|a| repeats::word_pairs(a)).collect();
    let mut row = conn.prepare_cached(
        "SELECT c.case_no, c.arrived_at, c.demand, u.name, c.status FROM cases c
         JOIN units u ON u.id = c.unit_id
         WHERE c.id = ?1 AND c.deleted_at IS NULL AND c.case_no <> ?2
           AND (?3 IS NULL OR c.arrived_at <= ?3)",
    )?;
    let mut their_addresses = conn.prepare_cached(
        "SELECT address FROM petitioners WHERE case_id = ?1 AND address IS NOT NULL",
    )?;
    let mut out = Vec::new();
    for (id, mut ev) in evidence {
        let Some((case_no, arrived_at, demand, unit, status)) = row
            .query_row(
                params![id, probe.exclude_case_no.trim(), probe.arrived_by],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, crate::domain::Status>(4)?,
                    ))
                },
            )
            .optional()?
        else {
            continue;
        };
        if probe.matter {
            ev.words = repeats::similarity(&mine, &repeats::word_pairs(&demand));
        }
        if !ev.same_address && !address_pairs.is_empty() {
            for a in their_addresses.query_map([id], |r| r.get::<_, String>(0))? {
                let theirs = repeats::word_pairs(&a?);
                if address_pairs
                    .iter()
                    .any(|m| repeats::similarity(m, &theirs) >= repeats::SAME_ADDRESS)
                {
                    ev.same_address = true;
                    break;
                }
            }
        }
        if !ev.suggests() {
            continue;
        }
        let reasons = ev.reasons();
        out.push(RepeatCandidate {
            case_no,
            arrived_at,
            demand: demand.chars().take(40).collect(),
            unit,
            status_label: status.label().to_string(),
            matched_by: reasons.join("、"),
            reasons,
            same_person: ev.person.is_some(),
            similarity: ev.words,
            score: ev.score(),
        });
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.arrived_at.cmp(&b.arrived_at))
            .then_with(|| a.case_no.cmp(&b.case_no))
    });
    out.truncate(probe.limit);
    Ok(out)
}
