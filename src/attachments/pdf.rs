//! PDF：能否解析、是否加密、有无页面、页面是否 A4；扫描页的有效分辨率、质量与鲜章。

use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::{Document, Object, ObjectId};

use super::raster::{self, A4_H_MM, A4_W_MM};
use super::{AttachmentSettings, FileReport, FileType, Finding, PageReport};

const PT_PER_MM: f64 = 72.0 / 25.4;
const MAX_DIM: i64 = 20_000;

pub(super) fn inspect(bytes: &[u8], s: &AttachmentSettings, r: &mut FileReport) {
    let declares_encrypt = bytes.windows(8).any(|w| w == b"/Encrypt");
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => {
            if declares_encrypt {
                r.findings.push(encrypted());
            } else {
                r.findings.push(Finding::blocking(
                    "unreadable",
                    format!("PDF 已损坏，无法打开（{e}）。请重新扫描或重新导出 PDF 后再上传。"),
                ));
            }
            return;
        }
    };
    if doc.is_encrypted() || doc.was_encrypted() || declares_encrypt {
        r.findings.push(encrypted());
        return;
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        r.findings.push(Finding::blocking(
            "no_pages",
            "PDF 中没有任何页面。请重新扫描或重新导出后再上传。",
        ));
        return;
    }
    let mut off_size = Vec::new();
    for (&no, &id) in &pages {
        let (wmm, hmm) = page_size_mm(&doc, id).unwrap_or((A4_W_MM, A4_H_MM));
        if !is_a4(wmm, hmm) {
            off_size.push(format!("第 {no} 页 {wmm:.0}×{hmm:.0} mm"));
        }
        if no > s.max_pages_analysed {
            continue;
        }
        let page = analyse(&doc, id, no, wmm, hmm, s, r);
        r.pages.push(page);
    }
    if !off_size.is_empty() {
        r.findings.push(Finding::warning(
            "page_not_a4",
            format!(
                "页面不是 A4（210×297 mm）：{}。请按 A4 纸张扫描或导出。",
                off_size.join("；")
            ),
        ));
    }
}

fn encrypted() -> Finding {
    Finding::blocking(
        "pdf_encrypted",
        "PDF 已加密（设有密码或权限限制），平台无法审核。请在扫描软件中取消加密，或用“打印为 PDF”另存一份不加密的文件后再上传。",
    )
}

/// A4 的两个方向，各允许 ±5% 的误差。
fn is_a4(w: f64, h: f64) -> bool {
    let near = |a: f64, b: f64| (a - b).abs() <= b * 0.05;
    (near(w, A4_W_MM) && near(h, A4_H_MM)) || (near(w, A4_H_MM) && near(h, A4_W_MM))
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(f) => Some(*f as f64),
        _ => None,
    }
}

/// MediaBox（可继承自上级 Pages 节点），毫米。
fn page_size_mm(doc: &Document, id: ObjectId) -> Option<(f64, f64)> {
    let mut dict = doc.get_dictionary(id).ok()?;
    for _ in 0..32 {
        if let Ok(mb) = dict.get(b"MediaBox") {
            let mb = match mb {
                Object::Reference(r) => doc.get_object(*r).ok()?,
                o => o,
            };
            let a = mb.as_array().ok()?;
            if a.len() != 4 {
                return None;
            }
            let v: Vec<f64> = a.iter().filter_map(num).collect();
            if v.len() != 4 {
                return None;
            }
            let (w, h) = ((v[2] - v[0]).abs(), (v[3] - v[1]).abs());
            let rotated = matches!(dict.get(b"Rotate").ok().and_then(num), Some(x) if (x as i64).rem_euclid(180) == 90);
            let (w, h) = if rotated { (h, w) } else { (w, h) };
            return Some((w / PT_PER_MM, h / PT_PER_MM));
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn analyse(
    doc: &Document,
    id: ObjectId,
    no: u32,
    wmm: f64,
    hmm: f64,
    s: &AttachmentSettings,
    r: &mut FileReport,
) -> PageReport {
    let text_page = PageReport {
        page: no,
        width_mm: wmm,
        height_mm: hmm,
        dpi: None,
        metrics: None,
        seal: None,
    };
    let images = doc.get_page_images(id).unwrap_or_default();
    // 扫描页：最大的一幅图像，且长宽比与页面相近（整页扫描）。
    let Some(img) = images
        .iter()
        .filter(|i| i.width > 0 && i.height > 0)
        .max_by_key(|i| i.width.saturating_mul(i.height))
    else {
        return text_page;
    };
    let (iw, ih) = (img.width as f64, img.height as f64);
    let page_ratio = hmm / wmm;
    let (iw, ih) = if (ih / iw - page_ratio).abs() <= (iw / ih - page_ratio).abs() {
        (iw, ih)
    } else {
        (ih, iw)
    };
    if ((ih / iw) / page_ratio - 1.0).abs() > 0.10 {
        return text_page;
    }
    if img.width > MAX_DIM || img.height > MAX_DIM {
        r.findings.push(
            Finding::blocking(
                "image_too_large",
                format!(
                    "第 {no} 页的扫描图像尺寸异常（{}×{} 像素）。请以 200–300 dpi 重新扫描。",
                    img.width, img.height
                ),
            )
            .on_page(Some(no)),
        );
        return text_page;
    }
    let dpi = (iw / (wmm / 25.4)).min(ih / (hmm / 25.4));
    match decode_image(doc, img) {
        Ok(Some(decoded)) => raster::analyse_page(&decoded, no, wmm, hmm, dpi, s, r),
        Ok(None) => {
            r.findings.push(
                Finding::info(
                    "scan_not_analysed",
                    format!(
                        "第 {no} 页的扫描图像编码（{}）本程序无法分析，清晰度和鲜章请人工核对。",
                        img.filters
                            .as_ref()
                            .map(|f| f.join("+"))
                            .unwrap_or_default()
                    ),
                )
                .on_page(Some(no)),
            );
            PageReport {
                dpi: Some((dpi * 10.0).round() / 10.0),
                ..text_page
            }
        }
        Err(why) => {
            r.findings.push(
                Finding::blocking(
                    "unreadable",
                    format!("第 {no} 页的扫描图像已损坏（{why}）。请重新扫描后再上传。"),
                )
                .on_page(Some(no)),
            );
            text_page
        }
    }
}

/// JPEG（DCTDecode）直接解码；Flate/未压缩的 8 位灰度或 RGB 按像素组装；其余编码返回 None。
fn decode_image(
    doc: &Document,
    img: &lopdf::xobject::PdfImage<'_>,
) -> Result<Option<DynamicImage>, String> {
    let filters: Vec<&str> = img
        .filters
        .as_ref()
        .map(|f| f.iter().map(String::as_str).collect())
        .unwrap_or_default();
    if filters == ["DCTDecode"] {
        return raster::decode(img.content, FileType::Jpeg)
            .map(|(i, _)| Some(i))
            .map_err(|e| e.to_string());
    }
    if !(filters.is_empty() || filters == ["FlateDecode"]) {
        return Ok(None);
    }
    if img.bits_per_component.unwrap_or(8) != 8 {
        return Ok(None);
    }
    let comps = match img.color_space.as_deref() {
        Some("DeviceRGB") => 3usize,
        Some("DeviceGray") => 1,
        _ => return Ok(None),
    };
    let (w, h) = (img.width as usize, img.height as usize);
    let need = w
        .checked_mul(h)
        .and_then(|n| n.checked_mul(comps))
        .ok_or("图像尺寸溢出")?;
    let data = if filters.is_empty() {
        img.content.to_vec()
    } else {
        let stream = doc
            .get_object(img.id)
            .and_then(Object::as_stream)
            .map_err(|e| e.to_string())?;
        stream
            .decompressed_content_with_limit(need + 16)
            .map_err(|e| e.to_string())?
    };
    if data.len() < need {
        return Err("图像数据不完整".into());
    }
    let mut data = data;
    data.truncate(need);
    let (w, h) = (w as u32, h as u32);
    let out = if comps == 3 {
        RgbImage::from_raw(w, h, data).map(DynamicImage::ImageRgb8)
    } else {
        GrayImage::from_raw(w, h, data).map(DynamicImage::ImageLuma8)
    };
    out.map(Some).ok_or_else(|| "图像数据不完整".into())
}
