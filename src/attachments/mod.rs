//! 附件上传前检查（issue #6）：逐个文件查格式、清晰度、鲜章和命名，逐件查是否齐全、
//! 是否审核，并打成可直接上传的包。
//!
//! 检查只读文件内容，从不修改原件；读不了的文件是一条“发现”，不是错误或崩溃。

mod content;
mod pdf;
mod raster;
mod skew;
mod sniff;
mod thumbs;

pub mod case;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::DocKind;

pub use content::title_kind;
pub use raster::{PageMetrics, SealHit};
pub use skew::{Skew, estimate as estimate_skew};
pub use sniff::FileType;
pub use thumbs::{PageThumb, THUMB_WIDTH, page_thumbs};

/// 发现的严重程度：`blocking` 必须处理后才能上传；`warning` 建议处理；`info` 仅提示。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, ts_rs::TS)]
#[ts(optional_fields = nullable, rename = "AttachmentSeverity")]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Blocking,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "建议处理",
            Severity::Blocking => "必须处理",
        }
    }
}

/// 一条检查发现：稳定的代码、严重程度、写明如何处理的中文说明，以及（如有）页码。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable, rename = "AttachmentFinding")]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl Finding {
    pub fn blocking(code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Blocking,
            message: message.into(),
            page: None,
        }
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Warning,
            message: message.into(),
            page: None,
        }
    }
    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Info,
            message: message.into(),
            page: None,
        }
    }
    fn on_page(mut self, page: Option<u32>) -> Self {
        self.page = page;
        self
    }
}

/// 附件检查的设置（台账设置项 `attachment_settings`，缺省即下列默认值）。
/// 阈值的来由见 docs/rules.md“附件检查”。
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(default, deny_unknown_fields)]
pub struct AttachmentSettings {
    /// 允许的文件类型（pdf、jpeg、png）。
    pub allowed_types: Vec<FileType>,
    /// 单个文件大小上限（字节），默认 10 MB。
    pub max_bytes: u64,
    /// 扫描件的最低有效分辨率（图像像素 ÷ 页面尺寸），默认 200 dpi。
    pub min_dpi: f64,
    /// 命名规则：{case_no}（信访件编号）、{kind}（文书名称）、{ext}（扩展名）。
    pub name_pattern: String,
    /// 是否要求鲜章。
    pub require_seal: bool,
    /// 鲜章直径范围（毫米）；公章约 38–45 mm，扫描缩放留有余量。
    pub seal_min_mm: f64,
    pub seal_max_mm: f64,
    /// 空白页：与背景明显不同（灰度差 > 24）的像素占比低于此值。
    pub blank_ink_ratio: f64,
    /// 模糊：归一化拉普拉斯能量（Σ拉普拉斯² ÷ Σ梯度²，在 100 dpi 下计算）低于此值。
    pub blur_min_sharpness: f64,
    /// 对比度过低：灰度 1%–99% 分位差低于此值（0–255）。
    pub min_contrast: f64,
    /// 歪斜：文字行与水平方向的夹角达到此值（度）即须重扫。
    pub max_skew_deg: f64,
    /// PDF 最多逐页分析的页数（超出的页只查页面尺寸）。
    pub max_pages_analysed: u32,
}

impl AttachmentSettings {
    /// 设置是否合理；不合理时说明哪一项、怎么改。
    pub fn validate(&self) -> crate::error::Result<()> {
        use crate::error::Error;
        let bad = |what: &str, why: String| Err(Error::invalid(what, why));
        if self.allowed_types.is_empty() || self.allowed_types.iter().any(|t| !t.is_document()) {
            return bad(
                "允许的文件类型",
                "请至少选择 PDF、JPEG、PNG 中的一种（本程序只能检查这三种）".into(),
            );
        }
        if !(100 * 1024..=100 * 1024 * 1024).contains(&self.max_bytes) {
            return bad("文件大小上限", "请填写 0.1–100 MB 之间的数".into());
        }
        if !(50.0..=1200.0).contains(&self.min_dpi) {
            return bad(
                "最低分辨率",
                "请填写 50–1200 dpi 之间的数（默认 200）".into(),
            );
        }
        if !(0.5..=15.0).contains(&self.max_skew_deg) {
            return bad("歪斜上限", "请填写 0.5–15 度之间的数（默认 3）".into());
        }
        if !(self.seal_min_mm > 5.0
            && self.seal_min_mm < self.seal_max_mm
            && self.seal_max_mm <= 100.0)
        {
            return bad(
                "鲜章直径范围",
                "下限须小于上限，且在 5–100 mm 之间（默认 34–50）".into(),
            );
        }
        if !(1..=500).contains(&self.max_pages_analysed) {
            return bad("逐页分析页数", "请填写 1–500 之间的数".into());
        }
        let p = self.name_pattern.trim();
        if !p.contains("{case_no}") || !p.contains("{kind}") || !p.ends_with(".{ext}") {
            return bad(
                "命名规则",
                "须包含 {case_no}（信访件编号）和 {kind}（文书名称），并以 .{ext} 结尾，如“{case_no}-{kind}.{ext}”".into(),
            );
        }
        if p.chars()
            .any(|c| matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        {
            return bad(
                "命名规则",
                "文件名中不能有 / \\ : * ? \" < > | 这些字符".into(),
            );
        }
        Ok(())
    }
}

impl Default for AttachmentSettings {
    fn default() -> Self {
        AttachmentSettings {
            allowed_types: vec![FileType::Pdf, FileType::Jpeg, FileType::Png],
            max_bytes: 10 * 1024 * 1024,
            min_dpi: 200.0,
            name_pattern: "{case_no}-{kind}.{ext}".into(),
            require_seal: true,
            seal_min_mm: 34.0,
            seal_max_mm: 50.0,
            blank_ink_ratio: 0.001,
            blur_min_sharpness: 0.6,
            min_contrast: 60.0,
            max_skew_deg: 3.0,
            max_pages_analysed: 30,
        }
    }
}

impl crate::domain::Setting for AttachmentSettings {
    const KEY: &'static str = "attachment_settings";
}

/// 一页的分析结果（图片文件只有一页）。
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PageReport {
    pub page: u32,
    /// 页面宽、高（毫米）；图片按 A4 推定。
    pub width_mm: f64,
    pub height_mm: f64,
    /// 扫描图像的有效分辨率；纯电子文本页为空。
    pub dpi: Option<f64>,
    pub metrics: Option<PageMetrics>,
    pub seal: Option<SealHit>,
}

/// 一个文件的检查结果。
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FileReport {
    pub file_name: String,
    pub size: u64,
    /// 按内容识别的类型（pdf、jpeg、png、zip、exe……），识别不出为 unknown。
    pub detected_type: String,
    pub kind: Option<DocKind>,
    pub pages: Vec<PageReport>,
    pub findings: Vec<Finding>,
    /// 没有 `blocking` 发现。
    pub ok: bool,
}

impl FileReport {
    pub fn blocking(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Blocking)
    }
}

/// 检查时已知的上下文：文书种类与信访件编号（有则核对命名）。
#[derive(Debug, Clone, Default)]
pub struct InspectContext<'a> {
    pub kind: Option<DocKind>,
    pub case_no: Option<&'a str>,
}

/// 检查磁盘上的一个文件。读不了的文件得到一条 `unreadable` 发现。
pub fn inspect_path(path: &Path, ctx: &InspectContext<'_>, s: &AttachmentSettings) -> FileReport {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path);
    let size = meta.as_ref().map(|m| m.len()).unwrap_or(0);
    let too_big = size > s.max_bytes.saturating_mul(4).max(64 * 1024 * 1024);
    let bytes = match meta {
        Ok(m) if m.is_dir() => Err("这是一个文件夹，不是文件".to_string()),
        Ok(_) if too_big => Ok(None),
        Ok(_) => std::fs::read(path)
            .map(Some)
            .map_err(|e| crate::error::io_zh(&e)),
        Err(e) => Err(crate::error::io_zh(&e)),
    };
    match bytes {
        Ok(Some(b)) => inspect_bytes(&file_name, &b, ctx, s),
        Ok(None) => {
            let mut r = empty_report(&file_name, size, "unknown", ctx);
            r.findings.push(too_large(size, s));
            finish(r)
        }
        Err(why) => {
            let mut r = empty_report(&file_name, size, "unknown", ctx);
            r.findings.push(Finding::blocking(
                "unreadable",
                format!(
                    "无法读取该文件（{why}）。请确认文件存在、未被其他程序占用，然后重新选择。"
                ),
            ));
            finish(r)
        }
    }
}

/// 检查一段文件内容；`file_name` 只用于核对扩展名与命名。从不 panic。
pub fn inspect_bytes(
    file_name: &str,
    bytes: &[u8],
    ctx: &InspectContext<'_>,
    s: &AttachmentSettings,
) -> FileReport {
    let guarded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        inspect_inner(file_name, bytes, ctx, s)
    }));
    match guarded {
        Ok(r) => r,
        Err(_) => {
            let mut r = empty_report(file_name, bytes.len() as u64, "unknown", ctx);
            r.findings.push(Finding::blocking(
                "unreadable",
                "文件内容损坏，无法解析。请用扫描软件重新扫描或重新导出后再上传。",
            ));
            finish(r)
        }
    }
}

fn empty_report(file_name: &str, size: u64, ty: &str, ctx: &InspectContext<'_>) -> FileReport {
    FileReport {
        file_name: file_name.to_string(),
        size,
        detected_type: ty.to_string(),
        kind: ctx.kind,
        pages: Vec::new(),
        findings: Vec::new(),
        ok: true,
    }
}

fn finish(mut r: FileReport) -> FileReport {
    r.findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let ok = r.blocking().next().is_none();
    r.ok = ok;
    r
}

fn too_large(size: u64, s: &AttachmentSettings) -> Finding {
    Finding::blocking(
        "too_large",
        format!(
            "文件大小 {:.1} MB，超过上限 {:.1} MB。请以 200 dpi、灰度或彩色 JPEG 压缩重新扫描，或拆分后上传。",
            size as f64 / 1048576.0,
            s.max_bytes as f64 / 1048576.0
        ),
    )
}

fn inspect_inner(
    file_name: &str,
    bytes: &[u8],
    ctx: &InspectContext<'_>,
    s: &AttachmentSettings,
) -> FileReport {
    let ty = sniff::detect(bytes);
    let mut r = empty_report(file_name, bytes.len() as u64, ty.code(), ctx);
    if bytes.is_empty() {
        r.findings.push(Finding::blocking(
            "empty_file",
            "文件是空的（0 字节）。请重新扫描或重新导出后再选择。",
        ));
        return finish(r);
    }
    if bytes.len() as u64 > s.max_bytes {
        r.findings.push(too_large(bytes.len() as u64, s));
    }
    if !ty.is_document() || !s.allowed_types.contains(&ty) {
        let allowed: Vec<&str> = s.allowed_types.iter().map(|t| t.label()).collect();
        r.findings.push(Finding::blocking(
            "type_not_allowed",
            format!(
                "按文件内容识别，这是{}，不是允许上传的类型（{}）。改扩展名没有用：请把纸质文书扫描为 PDF 或 JPEG 后再上传。",
                ty.label(),
                allowed.join("、")
            ),
        ));
    } else if let Some(f) = naming::extension_mismatch(file_name, ty) {
        r.findings.push(f);
    }
    r.findings
        .extend(naming::check(file_name, ty, ctx, &s.name_pattern));
    match ty {
        FileType::Pdf => pdf::inspect(bytes, s, &mut r),
        FileType::Jpeg | FileType::Png => raster::inspect_image(bytes, ty, s, &mut r),
        _ => {}
    }
    if ty.is_document() && s.require_seal && r.findings.iter().all(|f| f.code != "unreadable") {
        seal_verdict(&mut r);
    }
    finish(r)
}

/// 任一页找到鲜章即可；否则给出“未检测到鲜章”。
fn seal_verdict(r: &mut FileReport) {
    if r.pages.is_empty() {
        return;
    }
    if r.pages.iter().any(|p| p.seal.is_some()) {
        return;
    }
    // 图像没能解码（编码不支持、尺寸超限）时，已有发现说明鲜章未能检查；不再说“未检测到”。
    if r.findings
        .iter()
        .any(|f| matches!(f.code, "scan_not_checked" | "image_too_large"))
    {
        return;
    }
    r.findings.push(Finding::blocking(
        "seal_missing",
        "未检测到鲜章，请打印盖章后扫描上传",
    ));
}

pub mod naming;

/// 按内容识别类型。
pub fn sniff_type(bytes: &[u8]) -> FileType {
    sniff::detect(bytes)
}

/// 十六进制 sha256。
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
