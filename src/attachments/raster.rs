//! 位图的解码与扫描质量、鲜章分析（图片文件本身，或 PDF 中嵌入的扫描图像）。

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageDecoder, ImageFormat, RgbImage};
use serde::Serialize;

use super::{AttachmentSettings, FileReport, FileType, Finding, PageReport};

pub const A4_W_MM: f64 = 210.0;
pub const A4_H_MM: f64 = 297.0;
const MM_PER_INCH: f64 = 25.4;
/// 质量指标在约 100 dpi 下计算，使阈值与扫描分辨率无关。
const ANALYSIS_DPI: f64 = 100.0;
/// 与背景（中位灰度）相差超过此值的像素算作“有内容”。
const INK_DELTA: i32 = 24;
/// 计算清晰度时只统计梯度平方不小于此值的像素（排除纸张底噪）。
const GRAD_FLOOR: i64 = 100;

/// 一页的扫描质量指标。
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct PageMetrics {
    /// 有内容的像素占比。
    pub ink_ratio: f64,
    /// 灰度 1%–99% 分位差（0–255）。
    pub contrast: f64,
    /// 归一化拉普拉斯能量 Σ∇²I² ÷ Σ|∇I|²（100 dpi 下）：清晰文字约 1，模糊的明显变小。
    pub sharpness: f64,
    /// 传统的拉普拉斯方差（仅供参考）。
    pub laplacian_variance: f64,
}

/// 找到的鲜章：中心位置（距左上角，毫米）、直径与外圈完整度。
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct SealHit {
    pub x_mm: f64,
    pub y_mm: f64,
    pub diameter_mm: f64,
    /// 外圈上找到红色的方向所占比例（0–1）。
    pub ring_coverage: f64,
    /// 外接框在所分析图像中的位置（左、上、右、下，占图像宽/高的比例 0–1），
    /// 供界面在缩略图上框出鲜章。
    pub bbox: [f64; 4],
}

/// 单边像素上限：A4 在 1200 dpi 下约 9900×14000，再大的就不是扫描件了。
pub(super) const MAX_SIDE: u32 = 20_000;
/// 总像素上限：A4 在 600 dpi 下约 3500 万像素；更大的图像拒绝解码（防“解压炸弹”）。
pub(super) const MAX_PIXELS: u64 = 40_000_000;

/// 解码上限：防止声明超大尺寸的“解压炸弹”耗尽内存。尺寸在读文件头时就检查，
/// 不会先分配像素缓冲区。
fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(256 * 1024 * 1024);
    l
}

/// 声明的尺寸是否超出上限（文件头里的宽高，解码之前判断）。
pub(super) fn too_many_pixels(w: u64, h: u64) -> bool {
    w > MAX_SIDE as u64 || h > MAX_SIDE as u64 || w.saturating_mul(h) > MAX_PIXELS
}

/// 炸弹类图像的发现：在解码之前拒绝。
pub(super) fn oversized(w: u64, h: u64, page: Option<u32>) -> Finding {
    let at = page.map(|p| format!("第 {p} 页的")).unwrap_or_default();
    let declared = if w > 0 && h > 0 {
        format!("声明的尺寸为 {w}×{h} 像素，")
    } else {
        "声明的尺寸".into()
    };
    Finding::blocking(
        "image_too_large",
        format!(
            "{at}图像{declared}超出检查上限（单边 {MAX_SIDE}、共 {} 万像素），未解码。这不是正常的 A4 扫描件：请以 200–300 dpi 重新扫描。",
            MAX_PIXELS / 10_000
        ),
    )
    .on_page(page)
}

/// 完整解码（截断的文件报错），并按 EXIF 方向摆正。
pub(super) fn decode(bytes: &[u8], ty: FileType) -> Result<(DynamicImage, bool), String> {
    let fmt = match ty {
        FileType::Jpeg => ImageFormat::Jpeg,
        FileType::Png => ImageFormat::Png,
        _ => return Err("不是 JPEG 或 PNG".into()),
    };
    if ty == FileType::Jpeg && !jpeg_has_end(bytes) {
        return Err("文件不完整（缺少 JPEG 结束标记，可能下载或拷贝中断）".into());
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), fmt);
    reader.limits(limits());
    let mut decoder = match reader.into_decoder() {
        Ok(d) => d,
        // The PNG decoder applies the limits while reading the header.
        Err(image::ImageError::Limits(_)) => {
            let (w, h) = png_dimensions(bytes).unwrap_or((0, 0));
            return Err(format!("{OVERSIZED}{w}×{h}"));
        }
        Err(e) => return Err(e.to_string()),
    };
    let (w, h) = decoder.dimensions();
    if too_many_pixels(w as u64, h as u64) {
        return Err(format!("{OVERSIZED}{w}×{h}"));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    let rotated = orientation != image::metadata::Orientation::NoTransforms;
    img.apply_orientation(orientation);
    Ok((img, rotated))
}

/// PNG 文件头（IHDR）中声明的宽高。
fn png_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let w = u32::from_be_bytes(b.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(b.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

/// `decode` 的错误以此开头时，是尺寸超限（炸弹），不是损坏。
pub(super) const OVERSIZED: &str = "图像尺寸超限：";

/// 完整的 JPEG 以 FFD9 结束（其后可能有少量填充）。
fn jpeg_has_end(b: &[u8]) -> bool {
    let tail = &b[b.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

pub(super) fn inspect_image(
    bytes: &[u8],
    ty: FileType,
    s: &AttachmentSettings,
    r: &mut FileReport,
) {
    let (img, rotated) = match decode(bytes, ty) {
        Ok(x) => x,
        Err(why) if why.starts_with(OVERSIZED) => {
            let (w, h) = why[OVERSIZED.len()..]
                .split_once('×')
                .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
                .unwrap_or((0, 0));
            r.findings.push(oversized(w, h, None));
            return;
        }
        Err(why) => {
            r.findings.push(Finding::blocking(
                "unreadable",
                format!("图片无法完整打开：{why}。请重新扫描或从扫描仪重新导出后再上传。"),
            ));
            return;
        }
    };
    if rotated {
        r.findings.push(Finding::info(
            "exif_rotated",
            "图片带有拍摄方向标记，已按该方向摆正后检查。",
        ));
    }
    let (w, h) = (img.width() as f64, img.height() as f64);
    let portrait = h >= w;
    let (wmm, hmm) = if portrait {
        (A4_W_MM, A4_H_MM)
    } else {
        (A4_H_MM, A4_W_MM)
    };
    let ratio = w.max(h) / w.min(h).max(1.0);
    if !(1.30..=1.53).contains(&ratio) {
        r.findings.push(Finding::warning(
            "page_not_a4",
            format!(
                "图片长宽比为 {ratio:.2}，不像 A4 整页（约 1.41）。请按 A4 整页扫描，不要只拍局部或带入桌面背景。"
            ),
        ));
    }
    let dpi = (w / (wmm / MM_PER_INCH)).min(h / (hmm / MM_PER_INCH));
    let page = analyse_page(&img, 1, wmm, hmm, dpi, s, r);
    r.pages.push(page);
}

/// 一页扫描图像的分辨率、质量与鲜章分析；`dpi` 为有效分辨率。
pub(super) fn analyse_page(
    img: &DynamicImage,
    page_no: u32,
    width_mm: f64,
    height_mm: f64,
    dpi: f64,
    s: &AttachmentSettings,
    r: &mut FileReport,
) -> PageReport {
    let page = Some(page_no);
    if dpi + 0.5 < s.min_dpi {
        r.findings.push(
            Finding::blocking(
                "low_dpi",
                format!(
                    "有效分辨率约 {dpi:.0} dpi，低于要求的 {:.0} dpi，平台审核时看不清。请在扫描仪上选择 {:.0} dpi（或 300 dpi）重新扫描；不要用截图或压缩过的图片。",
                    s.min_dpi, s.min_dpi
                ),
            )
            .on_page(page),
        );
    }
    let gray = img.to_luma8();
    let k = ((dpi / ANALYSIS_DPI).floor() as u32).max(1);
    let small = box_down(&gray, k);
    let metrics = metrics(&small);
    if metrics.ink_ratio < s.blank_ink_ratio {
        r.findings.push(
            Finding::blocking(
                "blank_page",
                "这一页是空白页。请检查扫描时是否放反或漏放了纸张，删去空白页后重新扫描。",
            )
            .on_page(page),
        );
    } else if metrics.contrast < s.min_contrast {
        r.findings.push(
            Finding::blocking(
                "low_contrast",
                format!(
                    "对比度过低（{:.0}，应不低于 {:.0}），字迹发灰看不清。请调高扫描亮度/对比度，或改用“文本/黑白文档”模式重新扫描。",
                    metrics.contrast, s.min_contrast
                ),
            )
            .on_page(page),
        );
    } else if metrics.sharpness < s.blur_min_sharpness {
        r.findings.push(
            Finding::blocking(
                "blurry",
                format!(
                    "图像模糊（清晰度 {:.2}，应不低于 {:.2}）。请把纸张压平、保持不动后重新扫描；不要用手机远距离拍摄。",
                    metrics.sharpness, s.blur_min_sharpness
                ),
            )
            .on_page(page),
        );
    }
    if metrics.ink_ratio >= s.blank_ink_ratio
        && let Some(sk) = super::skew::estimate(&small)
        && sk.angle_deg.abs() >= s.max_skew_deg
    {
        r.findings.push(
            Finding::blocking(
                "skewed",
                format!(
                    "页面歪斜约 {:.1}°（超过 {:.1}°），平台审核时会被退回。请把纸张靠齐扫描仪边缘摆正后重新扫描。",
                    sk.angle_deg.abs(),
                    s.max_skew_deg
                ),
            )
            .on_page(page),
        );
    }
    let seal = find_seal(&img.to_rgb8(), dpi, s);
    PageReport {
        page: page_no,
        width_mm,
        height_mm,
        dpi: Some((dpi * 10.0).round() / 10.0),
        metrics: Some(metrics),
        seal,
    }
}

/// k×k 均值缩小。
fn box_down(g: &GrayImage, k: u32) -> GrayImage {
    if k <= 1 {
        return g.clone();
    }
    let (w, h) = (g.width() / k, g.height() / k);
    let (w, h) = (w.max(1), h.max(1));
    let mut out = GrayImage::new(w, h);
    let raw = g.as_raw();
    let gw = g.width() as usize;
    let n = k * k;
    for oy in 0..h {
        for ox in 0..w {
            let mut sum = 0u32;
            let mut cnt = 0u32;
            for dy in 0..k {
                let y = (oy * k + dy) as usize;
                if y >= g.height() as usize {
                    break;
                }
                let row = y * gw;
                for dx in 0..k {
                    let x = (ox * k + dx) as usize;
                    if x >= gw {
                        break;
                    }
                    sum += raw[row + x] as u32;
                    cnt += 1;
                }
            }
            let v = if cnt == 0 {
                255
            } else {
                sum / cnt.min(n).max(1)
            };
            out.put_pixel(ox, oy, image::Luma([v.min(255) as u8]));
        }
    }
    out
}

fn metrics(g: &GrayImage) -> PageMetrics {
    let raw = g.as_raw();
    let n = raw.len().max(1);
    let mut hist = [0u64; 256];
    for &p in raw {
        hist[p as usize] += 1;
    }
    let pct = |q: f64| -> f64 {
        let target = (q * n as f64) as u64;
        let mut acc = 0u64;
        for (v, c) in hist.iter().enumerate() {
            acc += c;
            if acc > target {
                return v as f64;
            }
        }
        255.0
    };
    let median = pct(0.5) as i32;
    let contrast = pct(0.99) - pct(0.01);
    let ink = raw
        .iter()
        .filter(|&&p| (p as i32 - median).abs() > INK_DELTA)
        .count();
    let (w, h) = (g.width() as usize, g.height() as usize);
    let (mut lap2, mut grad2) = (0i64, 0i64);
    let (mut lsum, mut lsq, mut lcnt) = (0f64, 0f64, 0f64);
    if w >= 3 && h >= 3 {
        for y in 1..h - 1 {
            for x in 1..w - 1 {
                let i = y * w + x;
                let c = raw[i] as i64;
                let (l, rr, u, d) = (
                    raw[i - 1] as i64,
                    raw[i + 1] as i64,
                    raw[i - w] as i64,
                    raw[i + w] as i64,
                );
                let lap = l + rr + u + d - 4 * c;
                lsum += lap as f64;
                lsq += (lap * lap) as f64;
                lcnt += 1.0;
                let gx = (rr - l) / 2;
                let gy = (d - u) / 2;
                let g2 = gx * gx + gy * gy;
                if g2 >= GRAD_FLOOR {
                    grad2 += g2;
                    lap2 += lap * lap;
                }
            }
        }
    }
    let sharpness = if grad2 > 0 {
        lap2 as f64 / grad2 as f64
    } else {
        0.0
    };
    let lvar = if lcnt > 0.0 {
        lsq / lcnt - (lsum / lcnt).powi(2)
    } else {
        0.0
    };
    PageMetrics {
        ink_ratio: ink as f64 / n as f64,
        contrast,
        sharpness: (sharpness * 1000.0).round() / 1000.0,
        laplacian_variance: (lvar * 10.0).round() / 10.0,
    }
}

/// 印泥红：红通道高，且明显高于绿、蓝。
#[inline]
fn is_red(p: &[u8; 3]) -> bool {
    let (r, g, b) = (p[0] as i32, p[1] as i32, p[2] as i32);
    r >= 120 && r - g >= 50 && r - b >= 40
}

/// 找一个红色、近圆、直径在设置范围内的印章。
///
/// 做法：按约 1 mm 的格子统计红色像素（≥10% 为红格），红格按 5×5 邻域连通（把外圈与
/// 章内文字连成一块）；外接框两边都在直径范围内、长宽比 0.8–1.25，且沿 48 个方向在
/// 外接圆半径附近找到红格的比例 ≥ 75%（方章、红字、红头都过不了这一关）。
pub fn find_seal(img: &RgbImage, dpi: f64, s: &AttachmentSettings) -> Option<SealHit> {
    if dpi <= 0.0 {
        return None;
    }
    let b = ((dpi / MM_PER_INCH).round() as u32).max(1);
    let mm_per_cell = b as f64 * MM_PER_INCH / dpi;
    let (gw, gh) = (img.width() / b, img.height() / b);
    if gw < 3 || gh < 3 {
        return None;
    }
    let (gw, gh) = (gw as usize, gh as usize);
    let step = if b >= 4 { 2 } else { 1 };
    let mut red = vec![false; gw * gh];
    let raw = img.as_raw();
    let iw = img.width() as usize;
    for cy in 0..gh {
        for cx in 0..gw {
            let (mut hits, mut total) = (0u32, 0u32);
            let mut y = cy * b as usize;
            while y < (cy + 1) * b as usize {
                let mut x = cx * b as usize;
                while x < (cx + 1) * b as usize {
                    let i = (y * iw + x) * 3;
                    if let Some(p) = raw.get(i..i + 3) {
                        total += 1;
                        if is_red(&[p[0], p[1], p[2]]) {
                            hits += 1;
                        }
                    }
                    x += step;
                }
                y += step;
            }
            red[cy * gw + cx] = total > 0 && hits * 10 >= total;
        }
    }
    let mut seen = vec![false; gw * gh];
    let mut best: Option<SealHit> = None;
    let mut stack = Vec::new();
    for start in 0..gw * gh {
        if !red[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (gw, gh, 0usize, 0usize);
        let mut count = 0usize;
        while let Some(i) = stack.pop() {
            count += 1;
            let (x, y) = (i % gw, i / gw);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            for ny in y.saturating_sub(2)..=(y + 2).min(gh - 1) {
                for nx in x.saturating_sub(2)..=(x + 2).min(gw - 1) {
                    let j = ny * gw + nx;
                    if red[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        if count < 20 {
            continue;
        }
        let wmm = (x1 - x0 + 1) as f64 * mm_per_cell;
        let hmm = (y1 - y0 + 1) as f64 * mm_per_cell;
        let aspect = wmm / hmm;
        let in_range = |d: f64| d >= s.seal_min_mm && d <= s.seal_max_mm;
        if !in_range(wmm) || !in_range(hmm) || !(0.8..=1.25).contains(&aspect) {
            continue;
        }
        let cx = (x0 + x1) as f64 / 2.0;
        let cy = (y0 + y1) as f64 / 2.0;
        let radius = ((x1 - x0 + 1) + (y1 - y0 + 1)) as f64 / 4.0;
        let coverage = ring_coverage(&red, gw, gh, cx, cy, radius);
        if coverage >= 0.75 {
            let frac = |v: usize, of: u32| {
                ((v as f64 * b as f64 / of as f64).clamp(0.0, 1.0) * 1000.0).round() / 1000.0
            };
            let hit = SealHit {
                x_mm: ((cx + 0.5) * mm_per_cell * 10.0).round() / 10.0,
                y_mm: ((cy + 0.5) * mm_per_cell * 10.0).round() / 10.0,
                diameter_mm: ((wmm + hmm) / 2.0 * 10.0).round() / 10.0,
                ring_coverage: (coverage * 100.0).round() / 100.0,
                bbox: [
                    frac(x0, img.width()),
                    frac(y0, img.height()),
                    frac(x1 + 1, img.width()),
                    frac(y1 + 1, img.height()),
                ],
            };
            if best
                .as_ref()
                .is_none_or(|b| hit.ring_coverage > b.ring_coverage)
            {
                best = Some(hit);
            }
        }
    }
    best
}

/// 沿 48 个方向，在半径 [R−3, R+0.5] 格内是否有红格。
fn ring_coverage(red: &[bool], gw: usize, gh: usize, cx: f64, cy: f64, radius: f64) -> f64 {
    const DIRS: usize = 48;
    let mut hits = 0;
    for k in 0..DIRS {
        let a = k as f64 * std::f64::consts::TAU / DIRS as f64;
        let (dx, dy) = (a.cos(), a.sin());
        let mut rr = radius - 3.0;
        let mut found = false;
        while rr <= radius + 0.5 {
            let x = (cx + dx * rr).round();
            let y = (cy + dy * rr).round();
            if x >= 0.0
                && y >= 0.0
                && (x as usize) < gw
                && (y as usize) < gh
                && red[y as usize * gw + x as usize]
            {
                found = true;
                break;
            }
            rr += 0.5;
        }
        if found {
            hits += 1;
        }
    }
    hits as f64 / DIRS as f64
}
