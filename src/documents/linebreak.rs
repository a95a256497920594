//! Line breaking for Chinese official text (GB/T 9704 body: a fixed grid of full-width
//! characters, justified). The rules (禁则): a line never starts with closing punctuation
//! and never ends with opening punctuation; a run of Latin letters/digits, a "——" or a
//! "……" is not split. When no legal break exists inside the line the closing punctuation
//! hangs into the margin (悬挂) rather than starting the next line.

/// Punctuation that must not start a line (行首禁则).
pub fn is_no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '”'
            | '’'
            | '…'
            | '·'
            | '%'
            | '％'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
    )
}

/// Punctuation that must not end a line (行尾禁则).
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '《' | '「' | '『' | '【' | '〔' | '〈' | '“' | '‘' | '(' | '['
    )
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// May a line break fall between `a` and `b`?
pub fn can_break_between(a: char, b: char) -> bool {
    if is_no_start(b) || is_no_end(a) {
        return false;
    }
    if is_word_char(a) && is_word_char(b) {
        return false;
    }
    // A number stays with its unit: “1号”, “30日”, “200元”.
    if a.is_ascii_digit() && "号年月日时分秒元次人件个项条款".contains(b) {
        return false;
    }
    // Dashes and ellipses come in pairs that stay together.
    if (a == '—' && b == '—') || (a == '…' && b == '…') {
        return false;
    }
    true
}

/// One line: the character range `start..end` of the paragraph and its natural width.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub width: f32,
    /// The paragraph's last line is set ragged (not justified).
    pub last: bool,
}

/// Breaks `chars` into lines no wider than `measure` (the first line is `first_indent`
/// shorter), by the rules above. `width` gives each character's advance. Never panics;
/// every character lands in exactly one line, in order.
pub fn break_lines(
    chars: &[char],
    measure: f32,
    first_indent: f32,
    width: impl Fn(char) -> f32,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let n = chars.len();
    let mut start = 0usize;
    while start < n {
        let avail = if lines.is_empty() {
            measure - first_indent
        } else {
            measure
        };
        // Greedy: how many characters fit.
        let mut end = start;
        let mut w = 0.0f32;
        while end < n {
            let cw = width(chars[end]);
            if end > start && w + cw > avail + 0.01 {
                break;
            }
            w += cw;
            end += 1;
        }
        if end < n {
            // Move the break back to a legal place, at most to one character in.
            let mut b = end;
            while b > start + 1 && !can_break_between(chars[b - 1], chars[b]) {
                b -= 1;
            }
            if can_break_between(chars[b - 1], chars[b]) {
                end = b;
            } else {
                // No legal break inside the line: hang the closing punctuation that
                // follows instead of starting the next line with it.
                while end < n && is_no_start(chars[end]) {
                    end += 1;
                }
            }
        }
        let width_now: f32 = chars[start..end].iter().map(|&c| width(c)).sum();
        lines.push(Line {
            start,
            end,
            width: width_now,
            last: end >= n,
        });
        start = end;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    fn text_lines(s: &str, measure: f32) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        break_lines(&chars, measure, 0.0, w)
            .iter()
            .map(|l| chars[l.start..l.end].iter().collect())
            .collect()
    }

    #[test]
    fn a_comma_at_a_line_start_pulls_the_previous_character_down() {
        let lines = text_lines("一二三四，五六", 4.0);
        assert_eq!(lines, vec!["一二三", "四，五六"]);
    }

    #[test]
    fn an_opening_quote_never_ends_a_line() {
        let lines = text_lines("一二三“四五”", 4.0);
        assert_eq!(lines, vec!["一二三", "“四五”"]);
    }

    #[test]
    fn numbers_are_not_split() {
        let lines = text_lines("一二三2022年", 4.0);
        assert_eq!(lines, vec!["一二三", "2022年"]);
    }

    #[test]
    fn a_doc_no_keeps_its_number_and_hao_together() {
        let lines = text_lines("一二三〔2026〕1号", 7.5);
        assert_eq!(lines, vec!["一二三〔2026〕", "1号"]);
    }

    #[test]
    fn a_run_of_commas_hangs_instead_of_starting_a_line() {
        let lines = text_lines("，，，，，，", 2.0);
        assert_eq!(lines, vec!["，，，，，，"]);
    }
}
