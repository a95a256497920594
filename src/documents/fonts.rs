//! Fonts for official documents: the unit's installed official fonts when found
//! (仿宋_GB2312/仿宋 for the body, 方正小标宋 for titles), else the bundled open Fandol
//! faces; a fuller system font (Noto CJK, 宋体) as a per-character fallback for names the
//! GB2312-only faces lack (堃 喆 镕). Faces are parsed once and shared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::ParsedFont;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The open faces shipped with the program (GPL with the font exception; see
/// `assets/fonts/LICENSE.md`).
const BUNDLED_BODY: &[u8] = include_bytes!("../../assets/fonts/FandolFang-Regular.otf");
const BUNDLED_TITLE: &[u8] = include_bytes!("../../assets/fonts/FandolSong-Bold.otf");

/// Which face a run of text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// 仿宋 3号: body text, tables, signature and date.
    Body,
    /// 小标宋: the title and the red masthead.
    Title,
    /// 黑体: first-level headings (一、).
    Heading,
    /// 楷体: second-level headings (（一）).
    Kai,
    /// A fuller font, used only for characters the other faces lack.
    Fallback,
}

/// A system face found by file name, parsed when first used.
struct LazyFace {
    path: Option<(PathBuf, usize)>,
    cell: OnceLock<Option<LoadedFont>>,
}

impl LazyFace {
    fn new(path: Option<(PathBuf, usize)>) -> Self {
        LazyFace {
            path,
            cell: OnceLock::new(),
        }
    }

    fn get(&self, name: &str) -> Option<&LoadedFont> {
        self.cell
            .get_or_init(|| {
                let (path, index) = self.path.as_ref()?;
                load_file(name, path, *index)
            })
            .as_ref()
    }
}

/// One loaded face and where it came from.
pub struct LoadedFont {
    pub name: String,
    pub source: String,
    pub parsed: ParsedFont,
    units_per_em: f32,
}

impl LoadedFont {
    fn parse(name: &str, source: String, bytes: &[u8], index: usize) -> Result<Self> {
        let mut warnings = Vec::new();
        let parsed =
            ParsedFont::from_bytes(bytes, index, &mut warnings).ok_or_else(|| Error::Font {
                detail: format!("无法解析字体 {source}"),
            })?;
        let upm = f32::from(parsed.font_metrics.units_per_em.max(1));
        Ok(LoadedFont {
            name: name.to_string(),
            source,
            parsed,
            units_per_em: upm,
        })
    }

    pub fn has(&self, c: char) -> bool {
        self.parsed.lookup_glyph_index(c as u32).is_some()
    }

    /// The advance of `c` in ems, if the face has it.
    pub fn advance_em(&self, c: char) -> Option<f32> {
        let gid = self.parsed.lookup_glyph_index(c as u32)?;
        Some(f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em)
    }
}

/// Where to look for fonts.
#[derive(Debug, Clone)]
pub struct FontOptions {
    /// Look for the unit's installed official fonts (off: always the bundled faces).
    pub system: bool,
    /// Allow a fuller system font as the per-character fallback.
    pub fallback: bool,
    /// Extra folders searched first (e.g. `XINFANG_FONT_DIR`).
    pub extra_dirs: Vec<PathBuf>,
}

impl Default for FontOptions {
    fn default() -> Self {
        let extra_dirs = std::env::var_os("XINFANG_FONT_DIR")
            .map(|v| std::env::split_paths(&v).collect())
            .unwrap_or_default();
        FontOptions {
            system: true,
            fallback: true,
            extra_dirs,
        }
    }
}

/// The clerk's font choice (设置 → 文书字体), stored in the ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct FontSettings {
    /// `true`: always the bundled Fandol faces, so every PC prints the same document.
    #[serde(default)]
    pub bundled_only: bool,
    /// A folder with the unit's official font files (e.g. copied from the office PC),
    /// searched before the system's font folders.
    #[serde(default)]
    pub folder: Option<PathBuf>,
}

impl crate::domain::Setting for FontSettings {
    const KEY: &'static str = "documents.fonts";
}

impl FontSettings {
    /// The search options these settings stand for; `XINFANG_FONT_DIR` still applies.
    pub fn options(&self) -> Result<FontOptions> {
        let mut opts = FontOptions::default();
        if let Some(dir) = &self.folder {
            if !dir.is_dir() {
                return Err(Error::Font {
                    detail: format!(
                        "字体文件夹“{}”不存在或不是文件夹，请在 设置 → 文书字体 中重新选择",
                        dir.display()
                    ),
                });
            }
            opts.extra_dirs.insert(0, dir.clone());
        }
        opts.system = !self.bundled_only;
        Ok(opts)
    }
}

/// One face as the settings page shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FaceInfo {
    /// 正文 / 标题 / 一级标题 / 二级标题 / 后备.
    pub role: &'static str,
    /// The file used, or the bundled face's name.
    pub source: String,
    /// The official face of GB/T 9704 for this role (仿宋_GB2312, 方正小标宋…) was found.
    pub official: bool,
    /// `official`, `system` (another installed face), `bundled` or `missing`.
    pub kind: &'static str,
}

fn face_kind(official: bool, source: &str, found: bool) -> &'static str {
    if official {
        "official"
    } else if source.starts_with("内置") {
        "bundled"
    } else if found {
        "system"
    } else {
        "missing"
    }
}

pub struct FontSet {
    pub body: LoadedFont,
    pub title: LoadedFont,
    heading: LazyFace,
    kai: LazyFace,
    fallback: LazyFace,
}

// Official font file names (lower case), best first.
const BODY_FILES: &[&str] = &[
    "仿宋_gb2312.ttf",
    "fangsong_gb2312.ttf",
    "simfang.ttf",
    "fangsong.ttf",
];
const TITLE_FILES: &[&str] = &[
    "fzxbsjw.ttf",
    "fzxbsjw--gb1-0.ttf",
    "方正小标宋简体.ttf",
    "方正小标宋_gbk.ttf",
];
// 黑体 for 一、 headings: the official face, else a gothic CJK face (Noto Sans CJK SC).
const HEADING_FILES: &[(&str, usize)] = &[
    ("simhei.ttf", 0),
    ("黑体.ttf", 0),
    ("notosanscjk-regular.ttc", 2),
    ("notosanscjksc-regular.otf", 0),
];
// 楷体 for （一） headings; without one the heading stays in the body face.
const KAI_FILES: &[(&str, usize)] = &[
    ("楷体_gb2312.ttf", 0),
    ("kaiti_gb2312.ttf", 0),
    ("simkai.ttf", 0),
    ("stkaiti.ttf", 0),
];
// Full-coverage fallbacks: (file, face index). Noto CJK .ttc: index 2 is SC.
const FALLBACK_FILES: &[(&str, usize)] = &[
    ("notoserifcjk-regular.ttc", 2),
    ("notoserifcjksc-regular.otf", 0),
    ("notosanscjk-regular.ttc", 2),
    ("notosanscjksc-regular.otf", 0),
    ("simsun.ttc", 0),
    ("simsun.ttf", 0),
    ("wqy-zenhei.ttc", 0),
];

impl FontSet {
    /// Loads the faces (a few tens of milliseconds; call once and keep).
    pub fn load(opts: &FontOptions) -> Result<FontSet> {
        let files = if opts.system {
            index_font_files(&search_dirs(opts))
        } else {
            HashMap::new()
        };
        let pick = |names: &[&str]| names.iter().find_map(|n| files.get(*n).cloned());
        let body = match pick(BODY_FILES).and_then(|p| load_file("仿宋", &p, 0)) {
            Some(f) => f,
            None => LoadedFont::parse("FandolFang", "内置 FandolFang".into(), BUNDLED_BODY, 0)?,
        };
        let title = match pick(TITLE_FILES).and_then(|p| load_file("小标宋", &p, 0)) {
            Some(f) => f,
            None => LoadedFont::parse(
                "FandolSong-Bold",
                "内置 FandolSong".into(),
                BUNDLED_TITLE,
                0,
            )?,
        };
        let pick_indexed = |names: &[(&str, usize)]| {
            names
                .iter()
                .find_map(|(n, i)| files.get(*n).map(|p| (p.clone(), *i)))
        };
        let heading = pick_indexed(HEADING_FILES);
        let kai = pick_indexed(KAI_FILES);
        let fallback_path = if opts.fallback {
            if opts.system {
                pick_indexed(FALLBACK_FILES)
            } else {
                let files = index_font_files(&search_dirs(opts));
                FALLBACK_FILES
                    .iter()
                    .find_map(|(n, i)| files.get(*n).map(|p| (p.clone(), *i)))
            }
        } else {
            None
        };
        Ok(FontSet {
            body,
            title,
            heading: LazyFace::new(heading),
            kai: LazyFace::new(kai),
            fallback: LazyFace::new(fallback_path),
        })
    }

    /// The set for `opts`, loaded once per distinct options and kept: changing the font
    /// settings takes effect on the next document without a restart.
    pub fn cached(opts: &FontOptions) -> Result<Arc<FontSet>> {
        type Key = (bool, bool, Vec<PathBuf>);
        static CACHE: Mutex<Vec<(Key, Arc<FontSet>)>> = Mutex::new(Vec::new());
        let key: Key = (opts.system, opts.fallback, opts.extra_dirs.clone());
        let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, set)) = cache.iter().find(|(k, _)| *k == key) {
            return Ok(set.clone());
        }
        let set = Arc::new(FontSet::load(opts)?);
        cache.push((key, set.clone()));
        Ok(set)
    }

    /// The process-wide set with default options, parsed on first use.
    pub fn shared() -> Result<Arc<FontSet>> {
        static SHARED: OnceLock<std::result::Result<Arc<FontSet>, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                FontSet::load(&FontOptions::default())
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|detail| Error::Font { detail })
    }

    pub fn face(&self, f: Face) -> Option<&LoadedFont> {
        match f {
            Face::Body => Some(&self.body),
            Face::Title => Some(&self.title),
            Face::Heading => self.heading.get("黑体"),
            Face::Kai => self.kai.get("楷体"),
            Face::Fallback => self.fallback(),
        }
    }

    /// The fallback face, parsed when first needed (Noto CJK takes ~150 ms).
    pub fn fallback(&self) -> Option<&LoadedFont> {
        self.fallback.get("后备字体")
    }

    /// The face that prints `c` when `wanted` is asked for: `wanted` itself, the body
    /// face for a title lacking it, then the fallback; `None` if no face has it.
    pub fn resolve(&self, wanted: Face, c: char) -> Option<Face> {
        if c.is_whitespace() {
            return Some(wanted);
        }
        let order: &[Face] = match wanted {
            Face::Title => &[Face::Title, Face::Body, Face::Fallback],
            Face::Heading => &[Face::Heading, Face::Body, Face::Fallback],
            Face::Kai => &[Face::Kai, Face::Body, Face::Fallback],
            _ => &[Face::Body, Face::Fallback],
        };
        order
            .iter()
            .copied()
            .find(|f| self.face(*f).is_some_and(|lf| lf.has(c)))
    }

    /// The faces in use, role by role, for the settings page.
    pub fn faces(&self) -> Vec<FaceInfo> {
        let file = |f: &LazyFace, none: &str| {
            f.path.as_ref().map_or_else(
                || (none.to_string(), false),
                |(p, _)| (p.display().to_string(), true),
            )
        };
        let official = |path: &str, names: &[&str]| {
            let lower = path.to_lowercase();
            names.iter().any(|n| lower.ends_with(n))
        };
        let heading = file(&self.heading, "无黑体，用正文字体");
        let kai = file(&self.kai, "无楷体，用正文字体");
        let fallback = file(&self.fallback, "无（缺字将报错）");
        let info = |role, source: String, official: bool, found: bool| FaceInfo {
            role,
            kind: face_kind(official, &source, found),
            official,
            source,
        };
        vec![
            info(
                "正文（仿宋）",
                self.body.source.clone(),
                official(&self.body.source, BODY_FILES),
                true,
            ),
            info(
                "标题（小标宋）",
                self.title.source.clone(),
                official(&self.title.source, TITLE_FILES),
                true,
            ),
            info(
                "一级标题（黑体）",
                heading.0.clone(),
                official(&heading.0, &["simhei.ttf", "黑体.ttf"]),
                heading.1,
            ),
            // Every 楷体 file looked for is an official face.
            info("二级标题（楷体）", kai.0, kai.1, kai.1),
            // The fallback only fills in rare characters; it has no official face.
            info("后备（生僻字）", fallback.0, false, fallback.1),
        ]
    }

    /// Names of the faces in use, for the report and the CLI.
    pub fn describe(&self) -> Vec<String> {
        let mut v = vec![
            format!("正文：{}", self.body.source),
            format!("标题：{}", self.title.source),
        ];
        let path = |f: &LazyFace, none: &str| {
            f.path
                .as_ref()
                .map(|(p, _)| p.display().to_string())
                .unwrap_or_else(|| none.to_string())
        };
        v.push(format!(
            "一级标题：{}",
            path(&self.heading, "无黑体，用正文字体")
        ));
        v.push(format!(
            "二级标题：{}",
            path(&self.kai, "无楷体，用正文字体")
        ));
        v.push(format!(
            "后备：{}",
            path(&self.fallback, "无（缺字将报错）")
        ));
        v
    }
}

fn load_file(name: &str, path: &Path, index: usize) -> Option<LoadedFont> {
    let bytes = std::fs::read(path).ok()?;
    LoadedFont::parse(name, path.display().to_string(), &bytes, index).ok()
}

fn search_dirs(opts: &FontOptions) -> Vec<PathBuf> {
    let mut dirs = opts.extra_dirs.clone();
    for var in ["WINDIR", "SystemRoot"] {
        if let Some(w) = std::env::var_os(var) {
            dirs.push(PathBuf::from(w).join("Fonts"));
        }
    }
    if let Some(l) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(
            PathBuf::from(l)
                .join("Microsoft")
                .join("Windows")
                .join("Fonts"),
        );
    }
    if let Some(h) = std::env::var_os("HOME") {
        let h = PathBuf::from(h);
        dirs.push(h.join(".local/share/fonts"));
        dirs.push(h.join(".fonts"));
        dirs.push(h.join("Library/Fonts"));
    }
    for d in [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
    ] {
        dirs.push(PathBuf::from(d));
    }
    dirs
}

/// Font files under `dirs` (four levels deep) by lower-case file name; the first found wins.
fn index_font_files(dirs: &[PathBuf]) -> HashMap<String, PathBuf> {
    let mut out = HashMap::new();
    for d in dirs {
        walk(d, 0, &mut out);
    }
    out
}

fn walk(dir: &Path, depth: u32, out: &mut HashMap<String, PathBuf>) {
    if depth > 4 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, depth + 1, out);
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            let lower = name.to_lowercase();
            if lower.ends_with(".ttf") || lower.ends_with(".ttc") || lower.ends_with(".otf") {
                out.entry(lower).or_insert(path);
            }
        }
    }
}
