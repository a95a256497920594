//! The layers of the core, held by reading the source until a crate split lets the compiler
//! hold them (docs/architecture.md "Layers"): no module names a module above it. A path is
//! `crate::x` in code (comment lines are prose, not arrows), including `use crate::{x, y}`
//! groups across lines.

use std::path::{Path, PathBuf};

/// The values and functions everything else builds on: no SQLite, no files, no commands.
const ABOVE_PURE: &[&str] = &[
    "ledger",
    "api",
    "exchange",
    "backup",
    "security",
    "documents",
    "attachments",
    "logging",
];

/// Each layer (a folder or a file under src/) and the modules it must not name.
fn rules() -> Vec<(&'static str, Vec<&'static str>)> {
    let pure = |more: &[&'static str]| [ABOVE_PURE, more].concat();
    vec![
        // time, error and limits are the floor.
        (
            "error.rs",
            pure(&["domain", "rules", "reminders", "calendar", "time"]),
        ),
        (
            "time.rs",
            pure(&["domain", "rules", "reminders", "calendar"]),
        ),
        (
            "limits.rs",
            pure(&["domain", "rules", "reminders", "calendar"]),
        ),
        // The vocabulary knows no rule.
        ("domain", pure(&["rules", "reminders", "calendar"])),
        ("calendar.rs", pure(&["rules", "reminders"])),
        ("rules", pure(&["reminders"])),
        ("reminders", pure(&[])),
        // The ledger: SQLite over domain and rules values, with its own cipher module.
        (
            "ledger",
            vec![
                "api",
                "exchange",
                "backup",
                "security",
                "documents",
                "attachments",
                "logging",
            ],
        ),
        // File formats over domain values: rows in, rows out.
        (
            "exchange",
            vec!["api", "ledger", "backup", "security", "logging"],
        ),
        (
            "documents",
            vec![
                "api",
                "ledger",
                "backup",
                "security",
                "exchange",
                "attachments",
            ],
        ),
        (
            "attachments",
            vec![
                "api",
                "ledger",
                "backup",
                "security",
                "exchange",
                "documents",
            ],
        ),
        // Whole-file operations above the ledger, below the command surface.
        (
            "backup",
            vec!["api", "exchange", "documents", "attachments"],
        ),
        (
            "security",
            vec!["api", "exchange", "documents", "attachments"],
        ),
    ]
}

/// The doors reach the ledger only through `api`.
const DOORS: &[&str] = &["src/cli", "src/main.rs", "src-tauri/src"];
const NOT_IN_DOORS: &[&str] = &["xinfang::ledger", "raw_connection"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(path).expect("read source folder") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The first path segment after every `crate::` in code, with its line number.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    // Comment lines blanked, so line numbers stay right.
    let code: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let ident = |from: usize| -> String {
        code[from..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        // `$crate::` in a macro and `my_crate::` are other things.
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || b"_$".contains(&bytes[at - 1])) {
            continue;
        }
        let start = at + "crate::".len();
        if bytes.get(start) == Some(&b'{') {
            // A `use crate::{a, b::{c, d}}` group: the names at the group's top level.
            let mut depth = 0;
            let mut expect_name = true;
            for (i, c) in code[start..].char_indices() {
                match c {
                    '{' => {
                        depth += 1;
                        if depth == 1 {
                            expect_name = true;
                        }
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => expect_name = true,
                    c if depth == 1 && expect_name && (c.is_ascii_alphabetic() || c == '_') => {
                        out.push((line_of(start + i), ident(start + i)));
                        expect_name = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.push((line_of(at), ident(start)));
        }
    }
    out
}

/// Every upward path in `text` under `rule`'s forbidden list.
fn violations(file: &str, text: &str, forbidden: &[&str]) -> Vec<String> {
    crate_paths(text)
        .into_iter()
        .filter(|(_, m)| forbidden.contains(&m.as_str()))
        .map(|(line, m)| format!("{file}:{line}: crate::{m}"))
        .collect()
}

#[test]
fn no_layer_names_a_module_above_it() {
    let src = root().join("src");
    let mut found = Vec::new();
    let mut files_checked = 0;
    for (layer, forbidden) in rules() {
        let files = rust_files(&src.join(layer));
        assert!(!files.is_empty(), "src/{layer} has no Rust files");
        for f in files {
            let text = std::fs::read_to_string(&f).expect("read source");
            let name = f.strip_prefix(root()).unwrap_or(&f).display().to_string();
            found.extend(violations(&name, &text, &forbidden));
            files_checked += 1;
        }
    }
    assert!(files_checked > 40, "only {files_checked} files checked");
    assert!(
        found.is_empty(),
        "upward paths (see docs/architecture.md, Layers):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_doors_reach_the_ledger_only_through_api() {
    let mut found = Vec::new();
    for door in DOORS {
        for f in rust_files(&root().join(door)) {
            let text = std::fs::read_to_string(&f).expect("read source");
            for (i, line) in text.lines().enumerate() {
                for bad in NOT_IN_DOORS {
                    if line.contains(bad) {
                        found.push(format!("{}:{}: {bad}", f.display(), i + 1));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "doors past api:\n{}", found.join("\n"));
}

#[test]
fn the_check_finds_planted_upward_paths() {
    let forbidden = &["api", "backup"];
    let planted = "use crate::domain::Case;\n\
                   // crate::api in a comment is prose\n\
                   use crate::{\n    error::Result,\n    backup::{self, Reason},\n};\n\
                   fn f() { crate::api::Desk::open(p, false); }\n\
                   macro_rules! m { () => { $crate::api::x() } }\n";
    assert_eq!(
        violations("planted.rs", planted, forbidden),
        ["planted.rs:5: crate::backup", "planted.rs:7: crate::api"]
    );
}
