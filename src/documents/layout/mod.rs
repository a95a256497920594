//! GB/T 9704-2012 page layout: A4, text block 156 × 225 mm starting 37 mm from the top and
//! 28 mm from the left, 22 lines × 28 characters of 16 pt 仿宋, 22 pt 小标宋 title,
//! red masthead and separator, signature and date, `— 1 —` page numbers, and the table of a
//! 送达回证. The output is positioned glyphs and rules; `pdf` writes them.

use std::collections::{BTreeSet, HashMap};

use super::fonts::{Face, FontSet};
use super::linebreak::break_lines;

mod table;

pub const PT_PER_MM: f32 = 72.0 / 25.4;
pub const PAGE_W_MM: f32 = 210.0;
pub const PAGE_H_MM: f32 = 297.0;
pub const BLOCK_LEFT_MM: f32 = 28.0;
pub const BLOCK_TOP_MM: f32 = 37.0;
pub const BLOCK_W_MM: f32 = 156.0;
pub const BLOCK_H_MM: f32 = 225.0;
pub const LINES_PER_PAGE: usize = 22;
pub const CHARS_PER_LINE: usize = 28;
/// 3号 = 16 pt body; 2号 = 22 pt title; 4号 = 14 pt page numbers and table text.
pub const BODY_PT: f32 = 16.0;
pub const TITLE_PT: f32 = 22.0;
pub const SMALL_PT: f32 = 14.0;

pub const RED: Rgb = Rgb(0.9, 0.0, 0.0);
pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
pub const WATERMARK_GREY: Rgb = Rgb(0.82, 0.82, 0.82);

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// One glyph at an absolute position (pt from the page's lower left corner).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub c: char,
    pub face: Face,
    pub size: f32,
    pub x: f32,
    pub y: f32,
    pub color: Rgb,
    /// Rotation in degrees (the draft watermark).
    pub angle: f32,
}

/// A straight line (table borders, the red separator).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
    pub color: Rgb,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

/// What goes on the pages, in order.
#[derive(Debug, Clone, Default)]
pub struct Composition {
    /// 发文机关标志 (red-header documents).
    pub masthead: Option<String>,
    /// 发文字号; centred under the masthead, or right-aligned above the title otherwise.
    pub doc_no: Option<String>,
    pub title: String,
    /// 主送: "张三：".
    pub addressee: Option<String>,
    pub paragraphs: Vec<String>,
    /// Table rows (label, content) — the 送达回证.
    pub table: Vec<(String, String)>,
    /// 发文机关署名.
    pub signature: Option<String>,
    /// 成文日期.
    pub date: Option<String>,
    /// A closing note under everything (the receipt's "一式两份").
    pub note: Option<String>,
    /// Draft watermark "草稿" on every page.
    pub watermark: bool,
    /// A table of many short rows (the case sheet): narrower labels and rows only as tall
    /// as their text, instead of the receipt's rows tall enough to sign in.
    pub compact_table: bool,
}

/// The result of laying out: pages, and characters no installed face can print.
pub struct Laid {
    pub pages: Vec<Page>,
    pub missing: BTreeSet<char>,
}

struct Composer<'a> {
    fonts: &'a FontSet,
    pages: Vec<Page>,
    /// Next free grid line on the current page (0..22).
    line: usize,
    /// Free-form content (masthead, table) ended this far below the block top (mm); the
    /// grid resumes at the first line below it.
    below_mm: f32,
    missing: BTreeSet<char>,
    cache: HashMap<(Face, char), (Face, f32)>,
}

/// The grid pitch: 156 mm / 28 characters.
pub fn char_pitch() -> f32 {
    mm(BLOCK_W_MM) / CHARS_PER_LINE as f32
}

pub fn line_pitch() -> f32 {
    mm(BLOCK_H_MM) / LINES_PER_PAGE as f32
}

fn block_left() -> f32 {
    mm(BLOCK_LEFT_MM)
}

fn block_right() -> f32 {
    mm(BLOCK_LEFT_MM + BLOCK_W_MM)
}

fn block_top() -> f32 {
    mm(PAGE_H_MM - BLOCK_TOP_MM)
}

fn block_bottom() -> f32 {
    mm(PAGE_H_MM - BLOCK_TOP_MM - BLOCK_H_MM)
}

/// The baseline sits this far below the top of its line's character box.
fn ascent(size: f32) -> f32 {
    size * 0.86
}

impl<'a> Composer<'a> {
    fn new(fonts: &'a FontSet) -> Self {
        Composer {
            fonts,
            pages: vec![Page::default()],
            line: 0,
            below_mm: 0.0,
            missing: BTreeSet::new(),
            cache: HashMap::new(),
        }
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.line = 0;
        self.below_mm = 0.0;
    }

    /// A new page that takes the last `n` text lines of this one along, so that the
    /// signature never stands alone on a page (GB/T 9704 §7.3.5.4: no page of only a
    /// signature and date).
    fn new_page_taking_lines(&mut self, n: usize) {
        let used = self.line;
        let from = self.pages.len().saturating_sub(1);
        self.new_page();
        if used < n + 4 {
            return;
        }
        let pitch = line_pitch();
        let first = used - n;
        let top_of = |i: usize| block_top() - i as f32 * pitch;
        let (lo, hi) = (top_of(used), top_of(first));
        let glyphs = std::mem::take(&mut self.pages[from].glyphs);
        let (moved, kept): (Vec<Glyph>, Vec<Glyph>) =
            glyphs.into_iter().partition(|g| g.y < hi && g.y > lo);
        self.pages[from].glyphs = kept;
        let shift = first as f32 * pitch;
        let to = self.pages.len().saturating_sub(1);
        for mut g in moved {
            g.y += shift;
            self.pages[to].glyphs.push(g);
        }
        self.line = n;
        self.below_mm = n as f32 * BLOCK_H_MM / LINES_PER_PAGE as f32;
    }

    /// Moves the grid past free-form content.
    fn sync_grid(&mut self) {
        let used = (mm(self.below_mm) / line_pitch() - 0.01).ceil().max(0.0) as usize;
        self.line = self.line.max(used);
    }

    fn lines_left(&mut self) -> usize {
        self.sync_grid();
        LINES_PER_PAGE.saturating_sub(self.line)
    }

    /// Takes the next grid line (a new page when this one is full); returns its top (pt).
    fn take_line(&mut self) -> f32 {
        if self.lines_left() == 0 {
            self.new_page();
        }
        let top = block_top() - self.line as f32 * line_pitch();
        self.line += 1;
        self.below_mm = self
            .below_mm
            .max(self.line as f32 * BLOCK_H_MM / LINES_PER_PAGE as f32);
        top
    }

    fn blank_line(&mut self) {
        if self.lines_left() > 0 && self.line > 0 {
            self.line += 1;
        }
    }

    /// The face that prints `c`; records a character nobody can print.
    fn face_for(&mut self, wanted: Face, c: char) -> Face {
        self.metrics(wanted, c).0
    }

    /// The face that prints `c` and its advance in ems, looked up once per character.
    fn metrics(&mut self, wanted: Face, c: char) -> (Face, f32) {
        if let Some(m) = self.cache.get(&(wanted, c)) {
            return *m;
        }
        let face = match self.fonts.resolve(wanted, c) {
            Some(f) => f,
            None => {
                self.missing.insert(c);
                wanted
            }
        };
        let em = self
            .fonts
            .face(face)
            .and_then(|f| f.advance_em(c))
            .filter(|em| *em > 0.0)
            .unwrap_or(1.0);
        self.cache.insert((wanted, c), (face, em));
        (face, em)
    }

    /// Advance of `c` at `size` (pt). Full-width characters advance by the grid pitch
    /// scaled to the size; others by their own width, scaled the same way.
    fn advance(&mut self, wanted: Face, c: char, size: f32) -> f32 {
        let (_, em) = self.metrics(wanted, c);
        em * size * (char_pitch() / BODY_PT)
    }

    fn put(&mut self, c: char, wanted: Face, size: f32, x: f32, y: f32, color: Rgb) {
        if c.is_whitespace() {
            return;
        }
        let face = self.face_for(wanted, c);
        self.page().glyphs.push(Glyph {
            c,
            face,
            size,
            x,
            y,
            color,
            angle: 0.0,
        });
    }

    fn width_map(&mut self, chars: &[char], face: Face, size: f32) -> HashMap<char, f32> {
        let mut m = HashMap::new();
        for &c in chars {
            if let std::collections::hash_map::Entry::Vacant(e) = m.entry(c) {
                e.insert(self.advance(face, c, size));
            }
        }
        m
    }

    fn width_of(&mut self, s: &str, face: Face, size: f32) -> f32 {
        s.chars().map(|c| self.advance(face, c, size)).sum()
    }

    #[allow(clippy::too_many_arguments)]
    /// Sets `text` left to right from `x` at baseline `y`, spacing each gap by `extra`.
    fn set_run(
        &mut self,
        chars: &[char],
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        extra: f32,
        color: Rgb,
    ) {
        let mut x = x;
        for &c in chars {
            let adv = self.advance(face, c, size);
            self.put(c, face, size, x, y, color);
            x += adv + extra;
        }
    }

    /// A paragraph on the grid: `indent` characters on the first line, justified lines,
    /// the last line ragged.
    fn paragraph(&mut self, text: &str, indent: usize) {
        let chars: Vec<char> = text.chars().filter(|c| *c != '\r').collect();
        if chars.is_empty() {
            return;
        }
        let measure = mm(BLOCK_W_MM);
        let indent_w = indent as f32 * char_pitch();
        let wmap = self.width_map(&chars, Face::Body, BODY_PT);
        let lines = break_lines(&chars, measure, indent_w, |c| {
            wmap.get(&c).copied().unwrap_or(0.0)
        });
        // 一、 headings in 黑体, （一） headings in 楷体, up to their first 。 (domain.md §7).
        let (head_face, head_end) = heading_span(&chars).unwrap_or((Face::Body, 0));
        let face_at = |i: usize| if i < head_end { head_face } else { Face::Body };
        for (i, l) in lines.iter().enumerate() {
            let top = self.take_line();
            let y = top - ascent(BODY_PT);
            let x0 = block_left() + if i == 0 { indent_w } else { 0.0 };
            let avail = measure - if i == 0 { indent_w } else { 0.0 };
            let n = l.end - l.start;
            let width: f32 = (l.start..l.end)
                .map(|j| self.advance(face_at(j), chars[j], BODY_PT))
                .sum();
            let extra = if !l.last && n > 1 && width < avail {
                (avail - width) / (n - 1) as f32
            } else {
                0.0
            };
            let mut x = x0;
            for (j, &c) in chars.iter().enumerate().take(l.end).skip(l.start) {
                let face = face_at(j);
                let adv = self.advance(face, c, BODY_PT);
                self.put(c, face, BODY_PT, x, y, BLACK);
                x += adv + extra;
            }
        }
    }

    /// One or more centred lines in `face` at `size`, each on its own grid line.
    fn centred(&mut self, text: &str, face: Face, size: f32, color: Rgb) {
        let chars: Vec<char> = text.chars().collect();
        let wmap = self.width_map(&chars, face, size);
        let lines = break_lines(&chars, mm(BLOCK_W_MM), 0.0, |c| {
            wmap.get(&c).copied().unwrap_or(0.0)
        });
        for l in lines {
            let top = self.take_line();
            let y = top - ascent(BODY_PT) - (size - BODY_PT) * 0.3;
            let x = block_left() + (mm(BLOCK_W_MM) - l.width) / 2.0;
            let run: Vec<char> = chars[l.start..l.end].to_vec();
            self.set_run(&run, face, size, x, y, 0.0, color);
        }
    }

    /// The red masthead, the 文号 under it and the red separator (first page only).
    fn red_header(&mut self, masthead: &str, doc_no: Option<&str>) {
        let chars: Vec<char> = masthead.chars().collect();
        let n = chars.len().max(1) as f32;
        // As large as fits the block width (at most 40 pt), like a printed 红头.
        let size = (mm(BLOCK_W_MM) * 0.95 / n / (char_pitch() / BODY_PT)).clamp(10.0, 40.0);
        let w = self.width_of(masthead, Face::Title, size);
        let top_mm = 15.0;
        let y = block_top() - mm(top_mm) - ascent(size);
        let x = block_left() + (mm(BLOCK_W_MM) - w).max(0.0) / 2.0;
        self.set_run(&chars, Face::Title, size, x, y, 0.0, RED);
        // The 文号 two lines under the masthead, centred.
        let mut bottom = top_mm + size / PT_PER_MM;
        if let Some(no) = doc_no {
            let no_chars: Vec<char> = no.chars().collect();
            let nw = self.width_of(no, Face::Body, BODY_PT);
            let base = y - 2.0 * line_pitch();
            let nx = block_left() + (mm(BLOCK_W_MM) - nw).max(0.0) / 2.0;
            self.set_run(&no_chars, Face::Body, BODY_PT, nx, base, 0.0, BLACK);
            bottom = (block_top() - base) / PT_PER_MM;
        }
        // The separator 4 mm under the 文号, as wide as the block.
        let sep_y = block_top() - mm(bottom + 4.0);
        self.page().rules.push(Rule {
            x1: block_left(),
            y1: sep_y,
            x2: block_right(),
            y2: sep_y,
            width: 1.5,
            color: RED,
        });
        self.below_mm = bottom + 4.0;
        self.sync_grid();
        // 分隔线下空二行 (one blank grid line here; the title then follows).
        self.line += 1;
    }

    /// A line set flush right (an unheaded 文号).
    fn right_aligned(&mut self, text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let w = self.width_of(text, Face::Body, BODY_PT);
        let top = self.take_line();
        let x = (block_right() - w).max(block_left());
        self.set_run(
            &chars,
            Face::Body,
            BODY_PT,
            x,
            top - ascent(BODY_PT),
            0.0,
            BLACK,
        );
    }

    /// 发文机关署名 and 成文日期: the date 右空四字, the name centred over the date.
    fn signature(&mut self, unit: Option<&str>, date: Option<&str>) {
        let needed = usize::from(unit.is_some()) + usize::from(date.is_some());
        if needed == 0 {
            return;
        }
        // A blank line before the signature; signature and date stay together, and take
        // the last two lines of text along when they must go to a new page.
        if self.lines_left() < needed + 1 {
            self.new_page_taking_lines(2);
        }
        self.blank_line();
        let date_w = date.map(|d| self.width_of(d, Face::Body, BODY_PT));
        let date_right = block_right() - 4.0 * char_pitch();
        let centre = match date_w {
            Some(w) => date_right - w / 2.0,
            None => date_right - 4.0 * char_pitch(),
        };
        if let Some(u) = unit {
            let w = self.width_of(u, Face::Body, BODY_PT);
            let mut x = centre - w / 2.0;
            if x + w > block_right() {
                x = block_right() - w;
            }
            let x = x.max(block_left());
            let top = self.take_line();
            let chars: Vec<char> = u.chars().collect();
            self.set_run(
                &chars,
                Face::Body,
                BODY_PT,
                x,
                top - ascent(BODY_PT),
                0.0,
                BLACK,
            );
        }
        if let (Some(d), Some(w)) = (date, date_w) {
            let top = self.take_line();
            let chars: Vec<char> = d.chars().collect();
            let x = (date_right - w).max(block_left());
            self.set_run(
                &chars,
                Face::Body,
                BODY_PT,
                x,
                top - ascent(BODY_PT),
                0.0,
                BLACK,
            );
        }
    }

    /// `— 1 —` under the block: odd pages right, even pages left, one character in.
    fn page_numbers(&mut self) {
        let total = self.pages.len();
        for i in 0..total {
            let text = format!("— {} —", i + 1);
            let w = self.width_of(&text, Face::Body, SMALL_PT);
            let y = block_bottom() - mm(7.0) - ascent(SMALL_PT);
            let x = if (i + 1) % 2 == 1 {
                block_right() - char_pitch() - w
            } else {
                block_left() + char_pitch()
            };
            let mut cx = x;
            let chars: Vec<char> = text.chars().collect();
            for c in chars {
                let adv = self.advance(Face::Body, c, SMALL_PT);
                if !c.is_whitespace() {
                    let face = self.face_for(Face::Body, c);
                    self.pages[i].glyphs.push(Glyph {
                        c,
                        face,
                        size: SMALL_PT,
                        x: cx,
                        y,
                        color: BLACK,
                        angle: 0.0,
                    });
                }
                cx += adv;
            }
        }
    }

    /// "草稿" across every page, under the text.
    fn watermark(&mut self) {
        let size = 110.0;
        let angle: f32 = 35.0;
        let (s, c) = angle.to_radians().sin_cos();
        let step = size * 1.15;
        let cx = mm(PAGE_W_MM) / 2.0;
        let cy = mm(PAGE_H_MM) / 2.0;
        let face = Face::Title;
        let mut marks = Vec::new();
        for (i, ch) in "草稿".chars().enumerate() {
            let along = (i as f32 - 0.5) * step;
            let f = self.face_for(face, ch);
            marks.push(Glyph {
                c: ch,
                face: f,
                size,
                x: cx + along * c - (size / 2.0) * c + (size * 0.38) * s,
                y: cy + along * s - (size / 2.0) * s - (size * 0.38) * c,
                color: WATERMARK_GREY,
                angle,
            });
        }
        for p in &mut self.pages {
            let mut g = marks.clone();
            g.append(&mut p.glyphs);
            p.glyphs = g;
        }
    }
}

/// A heading at the start of a paragraph: `一、…。` (黑体) or `（一）…。` (楷体); the span
/// ends at the first 。 within 40 characters, or is the whole (short) paragraph.
fn heading_span(chars: &[char]) -> Option<(Face, usize)> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let numerals_from = |from: usize| {
        chars
            .iter()
            .skip(from)
            .take_while(|c| NUMERALS.contains(**c))
            .count()
    };
    let n = numerals_from(0);
    let face = if (1..=3).contains(&n) && chars.get(n) == Some(&'、') {
        Face::Heading
    } else if chars.first() == Some(&'（') {
        let m = numerals_from(1);
        if (1..=3).contains(&m) && chars.get(m + 1) == Some(&'）') {
            Face::Kai
        } else {
            return None;
        }
    } else {
        return None;
    };
    let end = match chars.iter().position(|c| *c == '。') {
        Some(i) if i < 40 => i + 1,
        _ if chars.len() <= 40 => chars.len(),
        _ => return None,
    };
    Some((face, end))
}

/// Lays out a composition.
pub fn compose(c: &Composition, fonts: &FontSet) -> Laid {
    let mut k = Composer::new(fonts);
    if let Some(m) = &c.masthead {
        k.red_header(m, c.doc_no.as_deref());
    } else if let Some(no) = &c.doc_no {
        k.right_aligned(no);
    }
    if !c.title.is_empty() {
        k.centred(&c.title, Face::Title, TITLE_PT, BLACK);
        k.blank_line();
    }
    if let Some(a) = &c.addressee {
        k.paragraph(a, 0);
    }
    for p in &c.paragraphs {
        k.paragraph(p, 2);
    }
    k.table(&c.table, c.compact_table);
    k.signature(c.signature.as_deref(), c.date.as_deref());
    if let Some(n) = &c.note {
        k.blank_line();
        k.paragraph(n, 2);
    }
    k.page_numbers();
    if c.watermark {
        k.watermark();
    }
    Laid {
        pages: k.pages,
        missing: k.missing,
    }
}
