//! 每页的缩略图（PNG data URL），供界面逐页显示并框出鲜章。
//!
//! - 图片文件与扫描版 PDF：解码页面上的扫描图像（与检查用的是同一幅图，鲜章的相对位置一致）；
//! - 文字版 PDF（本程序生成的文书等，页面上没有整页图像）：本机装有 poppler 的 `pdftoppm`
//!   时用它渲染（限时 15 秒），否则显示“文字版 PDF，无缩略图”；
//! - 无法解码的图像（JBIG2 等）：说明原因，不给图。

use std::io::Cursor;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use image::{DynamicImage, ImageFormat};
use serde::Serialize;

use super::{FileType, pdf, raster, sniff};

/// 缩略图宽度（像素）。
pub const THUMB_WIDTH: u32 = 240;
const RENDER_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PageThumb {
    pub page: u32,
    /// `data:image/png;base64,…`；没有缩略图时为空，并在 note 中说明原因。
    pub data_url: Option<String>,
    pub note: Option<String>,
}

/// 一个文件各页的缩略图（最多 `max_pages` 页）。读不了的文件返回空表。
pub fn page_thumbs(bytes: &[u8], max_pages: u32) -> Vec<PageThumb> {
    let guarded = std::panic::catch_unwind(|| thumbs_inner(bytes, max_pages));
    guarded.unwrap_or_default()
}

fn thumbs_inner(bytes: &[u8], max_pages: u32) -> Vec<PageThumb> {
    match sniff::detect(bytes) {
        ty @ (FileType::Jpeg | FileType::Png) => match raster::decode(bytes, ty) {
            Ok((img, _)) => vec![thumb(1, &img)],
            Err(_) => vec![note(1, "图片无法完整打开，无缩略图")],
        },
        FileType::Pdf => {
            let Some(pages) = pdf::page_scan(bytes, max_pages) else {
                return Vec::new();
            };
            let needs_render = pages.iter().any(|p| !p.has_image);
            let rendered = if needs_render {
                render_with_pdftoppm(bytes, pages.len() as u32)
            } else {
                Vec::new()
            };
            pages
                .iter()
                .map(|p| match (&p.image, p.has_image) {
                    (Some(img), _) => thumb(p.page, img),
                    (None, true) => note(p.page, "扫描图像的编码无法解码，无缩略图"),
                    (None, false) => match rendered.get(p.page as usize - 1) {
                        Some(Some(img)) => thumb(p.page, img),
                        _ => note(p.page, "文字版 PDF，无缩略图"),
                    },
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn note(page: u32, why: &str) -> PageThumb {
    PageThumb {
        page,
        data_url: None,
        note: Some(why.into()),
    }
}

fn thumb(page: u32, img: &DynamicImage) -> PageThumb {
    let small = DynamicImage::ImageRgb8(img.thumbnail(THUMB_WIDTH, THUMB_WIDTH * 3).to_rgb8());
    let mut png = Cursor::new(Vec::new());
    match small.write_to(&mut png, ImageFormat::Png) {
        Ok(()) => PageThumb {
            page,
            data_url: Some(format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(png.into_inner())
            )),
            note: None,
        },
        Err(_) => note(page, "缩略图生成失败"),
    }
}

/// 用 pdftoppm 把前 `pages` 页渲染为宽 240 像素的 PNG；没有 pdftoppm、超时或出错时为空。
fn render_with_pdftoppm(bytes: &[u8], pages: u32) -> Vec<Option<DynamicImage>> {
    let dir = scratch_dir();
    if std::fs::create_dir_all(&dir).is_err() {
        return Vec::new();
    }
    let input = dir.join("in.pdf");
    let out = (|| {
        std::fs::write(&input, bytes).ok()?;
        let mut child = Command::new("pdftoppm")
            .args(["-f", "1", "-l", &pages.to_string()])
            .args(["-scale-to", &THUMB_WIDTH.to_string(), "-png"])
            .arg(&input)
            .arg(dir.join("p"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => break,
                Ok(Some(_)) | Err(_) => return None,
                Ok(None) if started.elapsed() > RENDER_TIMEOUT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return None;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        // pdftoppm pads page numbers to the width of the last page's number: p-1.png, p-01.png …
        Some(
            (1..=pages)
                .map(|n| {
                    (1..=4)
                        .map(|width| dir.join(format!("p-{n:0width$}.png")))
                        .find_map(|f| std::fs::read(f).ok())
                        .and_then(|b| {
                            image::load_from_memory_with_format(&b, ImageFormat::Png).ok()
                        })
                })
                .collect(),
        )
    })();
    let _ = std::fs::remove_dir_all(&dir);
    out.unwrap_or_default()
}

fn scratch_dir() -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    std::env::temp_dir().join(format!(
        "xinfang-thumbs-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}
