//! Finding the header row of a clerk's sheet: a title row, a unit/date line or a two-row
//! header with merged group cells may come first. Each of the first rows is scored by how
//! many distinct ledger columns its cells name; the best row wins.

use super::columns::Field;
use super::read::Cell;

/// How far down a header may sit.
pub const HEADER_SCAN_ROWS: usize = 30;

/// The detected header: the row (0-based) and, per column, the header text and the
/// field it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub row: usize,
    pub columns: Vec<(String, Option<Field>)>,
    /// Columns whose field is a near match ([`Field::fuzzy_header`]), not a synonym.
    pub near: Vec<usize>,
}

impl Header {
    pub fn score(&self) -> usize {
        let mut seen: Vec<Field> = Vec::new();
        for f in self.columns.iter().filter_map(|(_, f)| *f) {
            if !seen.contains(&f) {
                seen.push(f);
            }
        }
        seen.len()
    }
}

fn text_at(rows: &[Vec<Cell>], r: usize, c: usize) -> String {
    rows.get(r)
        .and_then(|row| row.get(c))
        .map(|cell| cell.text().trim().to_string())
        .unwrap_or_default()
}

/// Reads row `r` as a header. A blank cell under a vertically merged name takes the name
/// from the row above; a sub-header under a merged group (`签收` over `时间`) is tried
/// joined with the group's text.
pub fn header_at(rows: &[Vec<Cell>], r: usize) -> Header {
    let width = rows.get(r).map(Vec::len).unwrap_or(0).max(if r > 0 {
        rows.get(r - 1).map(Vec::len).unwrap_or(0)
    } else {
        0
    });
    let mut columns = Vec::with_capacity(width);
    let mut group = String::new();
    for c in 0..width {
        let own = text_at(rows, r, c);
        let above = if r > 0 {
            text_at(rows, r - 1, c)
        } else {
            String::new()
        };
        if !above.is_empty() {
            group = above.clone();
        }
        let found = if own.is_empty() {
            // Vertically merged: the name sits in the row above.
            Field::from_header(&above).map(|f| (above.clone(), Some(f)))
        } else {
            match Field::from_header(&own) {
                Some(f) => Some((own.clone(), Some(f))),
                None if !group.is_empty() => {
                    let joined = format!("{group}{own}");
                    let reversed = format!("{own}{group}");
                    Field::from_header(&joined)
                        .map(|f| (joined, Some(f)))
                        .or_else(|| Field::from_header(&reversed).map(|f| (reversed, Some(f))))
                }
                None => None,
            }
        };
        columns.push(found.unwrap_or((own, None)));
    }
    // A field named twice: the first column keeps it.
    let mut seen: Vec<Field> = Vec::new();
    for (_, f) in columns.iter_mut() {
        if let Some(field) = *f {
            if seen.contains(&field) {
                *f = None;
            } else {
                seen.push(field);
            }
        }
    }
    // Headers no synonym names: a near match for a field no other column has.
    let mut near = Vec::new();
    for (c, column) in columns.iter_mut().enumerate() {
        if column.1.is_some() {
            continue;
        }
        let own = column.0.clone();
        let text = if own.is_empty() {
            if r > 0 {
                text_at(rows, r - 1, c)
            } else {
                String::new()
            }
        } else {
            own
        };
        if let Some(f) = Field::fuzzy_header(&text).filter(|f| !seen.contains(f)) {
            seen.push(f);
            *column = (text, Some(f));
            near.push(c);
        }
    }
    Header {
        row: r,
        columns,
        near,
    }
}

/// The best header among the first rows, if any row names at least two columns.
pub fn detect(rows: &[Vec<Cell>]) -> Option<Header> {
    let mut best: Option<Header> = None;
    for r in 0..rows.len().min(HEADER_SCAN_ROWS) {
        let h = header_at(rows, r);
        if h.score() >= 2 && best.as_ref().is_none_or(|b| h.score() > b.score()) {
            best = Some(h);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::exchange::read::text_row as row;

    #[test]
    fn title_row_above_the_header_is_passed() {
        let rows = vec![
            row(&["永川区某局信访事项台账（2022年）"]),
            row(&["填报单位：某局", "", "", "填报日期：2022年12月6日"]),
            row(&["序号", "件号", "信访人", "到达日期", "信访形式"]),
            row(&["1", "YC-1", "张三", "2022/12/6", "来信"]),
        ];
        let h = detect(&rows).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.columns[1].1, Some(Field::CaseNo));
    }

    #[test]
    fn two_row_header_with_merged_groups() {
        // 编号 and 信访人 span two rows (merged vertically); 办理情况 spans two columns.
        let rows = vec![
            row(&["编号", "信访人", "签收", "受理", "办理情况", ""]),
            row(&["", "", "时间", "时间", "办理方式", "答复日期"]),
        ];
        let h = detect(&rows).unwrap();
        assert_eq!(h.row, 1);
        let fields: Vec<_> = h.columns.iter().map(|(_, f)| *f).collect();
        assert_eq!(
            fields,
            vec![
                Some(Field::CaseNo),
                Some(Field::PetitionerName),
                Some(Field::SignedAt),
                Some(Field::AcceptedAt),
                Some(Field::Method),
                Some(Field::RepliedAt)
            ]
        );
    }
}
