//! PDF：能否解析、是否加密、有无页面、页面是否 A4；扫描页的有效分辨率、质量与鲜章。

use image::{DynamicImage, GrayImage, RgbImage};
use lopdf::{Document, Object, ObjectId};

use super::raster::{self, A4_H_MM, A4_W_MM};
use super::{AttachmentSettings, FileReport, FileType, Finding, PageReport};

const PT_PER_MM: f64 = 72.0 / 25.4;
/// 每页正文解压后的上限（文字识别用）：正常的一页文书不到 100 KB。
const MAX_PAGE_CONTENT: usize = 8 * 1024 * 1024;

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
    let mut titles = Vec::new();
    let mut undecodable = Vec::new();
    for (&no, &id) in &pages {
        let (wmm, hmm) = page_size_mm(&doc, id).unwrap_or((A4_W_MM, A4_H_MM));
        if !is_a4(wmm, hmm) {
            off_size.push(format!("第 {no} 页 {wmm:.0}×{hmm:.0} mm"));
        }
        if no > s.max_pages_analysed {
            continue;
        }
        let text = doc
            .extract_text_with_limit(&[no], MAX_PAGE_CONTENT)
            .unwrap_or_default();
        titles.push((no, super::content::title_kind(&text)));
        let page = analyse(&doc, id, no, wmm, hmm, s, r, &mut undecodable);
        r.pages.push(page);
    }
    if !undecodable.is_empty() {
        r.findings.push(Finding::blocking(
            "scan_not_checked",
            format!(
                "{}的扫描图像采用本程序无法解码的编码，清晰度和鲜章都未能检查（不等于检查通过）。请在扫描软件中选择“彩色”“JPEG”方式重新扫描后再添加；如已人工核对无误，可在打包时写明理由。",
                undecodable.join("、")
            ),
        ));
    }
    r.findings
        .extend(super::content::one_document(&titles, r.kind));
    let had_titles = titles.iter().any(|(_, k)| k.is_some());
    r.findings
        .extend(super::content::several_seals(&r.pages, had_titles));
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

#[allow(clippy::too_many_arguments)]
fn analyse(
    doc: &Document,
    id: ObjectId,
    no: u32,
    wmm: f64,
    hmm: f64,
    s: &AttachmentSettings,
    r: &mut FileReport,
    undecodable: &mut Vec<String>,
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
    let Some(img) = largest(&images) else {
        return text_page;
    };
    if raster::too_many_pixels(img.width as u64, img.height as u64) {
        r.findings.push(raster::oversized(
            img.width as u64,
            img.height as u64,
            Some(no),
        ));
        return text_page;
    }
    let Some((iw, ih)) = page_like(img, wmm, hmm) else {
        return text_page;
    };
    let dpi = (iw / (wmm / 25.4)).min(ih / (hmm / 25.4));
    match decode_image(doc, img) {
        Ok(Some(decoded)) => raster::analyse_page(&decoded, no, wmm, hmm, dpi, s, r),
        Ok(None) => {
            undecodable.push(format!("第 {no} 页（{}）", encoding_name(img)));
            PageReport {
                dpi: Some((dpi * 10.0).round() / 10.0),
                ..text_page
            }
        }
        Err(why) if why.starts_with(raster::OVERSIZED) => {
            r.findings.push(raster::oversized(
                img.width as u64,
                img.height as u64,
                Some(no),
            ));
            text_page
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

/// 页面上最大的一幅图像。
fn largest<'a, 'b>(
    images: &'b [lopdf::xobject::PdfImage<'a>],
) -> Option<&'b lopdf::xobject::PdfImage<'a>> {
    images
        .iter()
        .filter(|i| i.width > 0 && i.height > 0)
        .max_by_key(|i| i.width.saturating_mul(i.height))
}

/// 扫描页：图像长宽比与页面相近（整页扫描，允许横放）；返回按页面方向的宽、高像素。
fn page_like(img: &lopdf::xobject::PdfImage<'_>, wmm: f64, hmm: f64) -> Option<(f64, f64)> {
    let (iw, ih) = (img.width as f64, img.height as f64);
    let page_ratio = hmm / wmm;
    let (iw, ih) = if (ih / iw - page_ratio).abs() <= (iw / ih - page_ratio).abs() {
        (iw, ih)
    } else {
        (ih, iw)
    };
    (((ih / iw) / page_ratio - 1.0).abs() <= 0.10).then_some((iw, ih))
}

/// 说给经办人听的编码名称。
fn encoding_name(img: &lopdf::xobject::PdfImage<'_>) -> String {
    let filters = img.filters.clone().unwrap_or_default();
    let named: Vec<&str> = filters
        .iter()
        .map(|f| match f.as_str() {
            "JBIG2Decode" => "JBIG2 黑白压缩",
            "CCITTFaxDecode" => "CCITT 传真压缩",
            "JPXDecode" => "JPEG 2000",
            "FlateDecode" => "Flate",
            "DCTDecode" => "JPEG",
            other => other,
        })
        .collect();
    let cs = img.color_space.clone().unwrap_or_default();
    match (named.is_empty(), cs.is_empty()) {
        (true, true) => "未知编码".into(),
        (true, false) => format!("色彩空间 {cs}"),
        (false, true) => named.join("+"),
        (false, false) => format!("{}，色彩空间 {cs}", named.join("+")),
    }
}

/// 页面上的一幅扫描图像解码成位图（供缩略图使用）；无法解码时为 None。
pub(super) fn page_scan(bytes: &[u8], page_limit: u32) -> Option<Vec<PageScan>> {
    let doc = Document::load_mem(bytes).ok()?;
    if doc.is_encrypted() {
        return None;
    }
    let mut out = Vec::new();
    for (&no, &id) in doc.get_pages().iter() {
        if no > page_limit {
            break;
        }
        let (wmm, hmm) = page_size_mm(&doc, id).unwrap_or((A4_W_MM, A4_H_MM));
        let images = doc.get_page_images(id).unwrap_or_default();
        let img = largest(&images).filter(|i| page_like(i, wmm, hmm).is_some());
        let decoded = img.and_then(|img| {
            if raster::too_many_pixels(img.width as u64, img.height as u64) {
                return None;
            }
            decode_image(&doc, img).ok().flatten()
        });
        out.push(PageScan {
            page: no,
            image: decoded,
            has_image: img.is_some(),
        });
    }
    Some(out)
}

pub(super) struct PageScan {
    pub page: u32,
    pub image: Option<DynamicImage>,
    /// 页面上有图像（即使无法解码）。
    pub has_image: bool,
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
