//! The 送达回证 table: a label column and a content column, borders, rows tall enough to
//! sign in, continued on the next page when the rows run out of room.

use super::{
    BLACK, BLOCK_W_MM, Composer, PT_PER_MM, Rule, SMALL_PT, ascent, block_bottom, block_left,
    block_right, block_top, line_pitch, mm,
};
use crate::documents::fonts::Face;
use crate::documents::linebreak::break_lines;

impl Composer<'_> {
    /// The 送达回证 table: label and content columns, rows tall enough for a signature.
    pub(super) fn table(&mut self, rows: &[(String, String)], compact: bool) {
        if rows.is_empty() {
            return;
        }
        // The compact table (case sheet) in 小四 (12 pt); the receipt in 四号 (14 pt).
        let (size, label_w, pad, lh, min_row) = if compact {
            (12.0, mm(30.0), mm(1.2), mm(5.4), mm(7.2))
        } else {
            (SMALL_PT, mm(50.0), mm(2.5), mm(7.2), mm(14.0))
        };
        let content_w = mm(BLOCK_W_MM) - label_w;
        self.sync_grid();
        let mut y = block_top() - mm(self.below_mm);
        if self.line > 0 {
            y = block_top() - self.line as f32 * line_pitch();
        }
        let mut row_top_of_page = y;
        for (label, content) in rows {
            let lab = self.wrap(label, label_w - 2.0 * pad, size);
            let con = self.wrap(content, content_w - 2.0 * pad, size);
            let n = lab.len().max(con.len()).max(1);
            let h = (n as f32 * lh + 2.0 * pad).max(min_row);
            if y - h < block_bottom() {
                self.close_table(row_top_of_page, y, label_w);
                self.new_page();
                y = block_top();
                row_top_of_page = y;
            }
            // Top border of the row.
            self.page().rules.push(Rule {
                x1: block_left(),
                y1: y,
                x2: block_right(),
                y2: y,
                width: 0.75,
                color: BLACK,
            });
            // Labels centred vertically; content left-aligned from the top.
            let lab_h = lab.len() as f32 * lh;
            let mut ly = y - (h - lab_h) / 2.0 - ascent(size) - (lh - size) / 2.0;
            for line in &lab {
                let w = self.width_of(&line.iter().collect::<String>(), Face::Body, size);
                let x = block_left() + (label_w - w).max(0.0) / 2.0;
                self.set_run(line, Face::Body, size, x, ly, 0.0, BLACK);
                ly -= lh;
            }
            let mut cy = y - pad - ascent(size) - (lh - size) / 2.0;
            for line in &con {
                self.set_run(
                    line,
                    Face::Body,
                    size,
                    block_left() + label_w + pad,
                    cy,
                    0.0,
                    BLACK,
                );
                cy -= lh;
            }
            y -= h;
        }
        self.close_table(row_top_of_page, y, label_w);
        self.below_mm = (block_top() - y) / PT_PER_MM + 2.0;
        self.sync_grid();
    }

    /// The bottom border and the three verticals of the table part on this page.
    fn close_table(&mut self, top: f32, bottom: f32, label_w: f32) {
        let page = self.page();
        page.rules.push(Rule {
            x1: block_left(),
            y1: bottom,
            x2: block_right(),
            y2: bottom,
            width: 0.75,
            color: BLACK,
        });
        for x in [block_left(), block_left() + label_w, block_right()] {
            page.rules.push(Rule {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
                width: 0.75,
                color: BLACK,
            });
        }
    }

    /// Wraps `text` (newlines kept) into lines no wider than `width` at `size`.
    fn wrap(&mut self, text: &str, width: f32, size: f32) -> Vec<Vec<char>> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            let chars: Vec<char> = para.chars().filter(|c| *c != '\r').collect();
            if chars.is_empty() {
                // A blank line: room to sign by hand.
                out.push(Vec::new());
                continue;
            }
            let wmap = self.width_map(&chars, Face::Body, size);
            for l in break_lines(&chars, width, 0.0, |c| wmap.get(&c).copied().unwrap_or(0.0)) {
                out.push(chars[l.start..l.end].to_vec());
            }
        }
        out
    }
}
