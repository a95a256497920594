//! 附件检查（issue #6）：测试自己生成的扫描件夹具，逐项检查。

use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use lopdf::{Document, Object, Stream, dictionary};
use proptest::prelude::*;
use xinfang::attachments::{
    AttachmentSettings, FileReport, InspectContext, inspect_bytes, inspect_path,
};
use xinfang::domain::DocKind;

/// A4 at `dpi`, with lines of glyph-like black strokes.
pub fn page(dpi: f64) -> RgbImage {
    let px = |mm: f64| (mm * dpi / 25.4).round() as u32;
    let (w, h) = (px(210.0), px(297.0));
    let mut img = RgbImage::from_pixel(w, h, Rgb([250, 250, 248]));
    let glyph = px(5.0).max(3);
    let stroke = (px(0.5)).max(1);
    let mut seed = 12345u32;
    let mut rnd = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 16) & 0x7fff
    };
    let mut y = px(37.0);
    while y + glyph < h - px(35.0) {
        let mut x = px(28.0);
        while x + glyph < w - px(26.0) {
            // A 汉字-like box: two horizontal and two vertical strokes at random offsets.
            for _ in 0..2 {
                let oy = rnd() % (glyph - stroke);
                for yy in y + oy..y + oy + stroke {
                    for xx in x..x + glyph {
                        img.put_pixel(xx, yy, Rgb([20, 20, 20]));
                    }
                }
                let ox = rnd() % (glyph - stroke);
                for xx in x + ox..x + ox + stroke {
                    for yy in y..y + glyph {
                        img.put_pixel(xx, yy, Rgb([20, 20, 20]));
                    }
                }
            }
            x += glyph + px(0.6);
        }
        y += glyph + px(3.5);
    }
    img
}

/// A red round seal of `diameter_mm`, centred at (`cx_mm`, `cy_mm`): ring, star and a text arc.
pub fn stamp(img: &mut RgbImage, dpi: f64, cx_mm: f64, cy_mm: f64, diameter_mm: f64) {
    let k = dpi / 25.4;
    let (cx, cy, r) = (cx_mm * k, cy_mm * k, diameter_mm / 2.0 * k);
    let ring = 1.2 * k;
    let red = Rgb([205, 35, 45]);
    let (x0, y0) = (
        (cx - r - 2.0).max(0.0) as u32,
        (cy - r - 2.0).max(0.0) as u32,
    );
    for y in y0..((cy + r + 2.0) as u32).min(img.height()) {
        for x in x0..((cx + r + 2.0) as u32).min(img.width()) {
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let d = (dx * dx + dy * dy).sqrt();
            let ang = dy.atan2(dx);
            let on_ring = d <= r && d >= r - ring;
            // Text arc: blocks between 0.6r and 0.8r on the upper 240°.
            let on_text = d >= 0.6 * r
                && d <= 0.8 * r
                && ang < 0.5
                && ang > -3.6
                && ((ang * 12.0).rem_euclid(1.0) < 0.6);
            let on_star = d < 0.18 * r;
            if on_ring || on_text || on_star {
                img.put_pixel(x, y, red);
            }
        }
    }
}

pub fn sealed_page(dpi: f64) -> RgbImage {
    let mut p = page(dpi);
    stamp(&mut p, dpi, 150.0, 230.0, 42.0);
    p
}

pub fn encode(img: &RgbImage, fmt: ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img.clone())
        .write_to(&mut out, fmt)
        .expect("encode");
    out.into_inner()
}

/// A one-page A4 PDF whose page is the JPEG `jpeg` (w×h pixels), as a scanner writes it.
pub fn pdf_with_scan(jpeg: &[u8], w: u32, h: u32) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image",
            "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
            "Filter" => "DCTDecode",
        },
        jpeg.to_vec(),
    );
    let img_id = doc.add_object(img);
    let content = Stream::new(
        dictionary! {},
        b"q 595.28 0 0 841.89 0 0 cm /Im1 Do Q".to_vec(),
    );
    let content_id = doc.add_object(content);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => img_id } },
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(595.28), Object::Real(841.89)],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}

fn s() -> AttachmentSettings {
    AttachmentSettings::default()
}

fn check(name: &str, bytes: &[u8]) -> FileReport {
    inspect_bytes(name, bytes, &InspectContext::default(), &s())
}

fn codes(r: &FileReport) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

fn blocking(r: &FileReport) -> Vec<&'static str> {
    r.blocking().map(|f| f.code).collect()
}

const NAME_PDF: &str = "YC2026-受理告知书.pdf";
const NAME_JPG: &str = "YC2026-受理告知书.jpg";
const NAME_PNG: &str = "YC2026-受理告知书.png";

#[test]
fn clean_sealed_scan_passes_and_the_seal_is_found() {
    let img = sealed_page(200.0);
    let r = check(NAME_JPG, &encode(&img, ImageFormat::Jpeg));
    assert!(r.ok, "{:#?}", r.findings);
    assert!(codes(&r).is_empty(), "{:?}", r.findings);
    let p = &r.pages[0];
    let seal = p.seal.as_ref().expect("seal found");
    assert!((seal.diameter_mm - 42.0).abs() < 3.0, "{seal:?}");
    assert!((seal.x_mm - 150.0).abs() < 3.0 && (seal.y_mm - 230.0).abs() < 3.0);
    assert!(p.dpi.unwrap_or(0.0) >= 199.0);
    // PNG too.
    let r = check(NAME_PNG, &encode(&img, ImageFormat::Png));
    assert!(r.ok, "{:#?}", r.findings);
}

#[test]
fn unsealed_scan_is_told_to_stamp() {
    let r = check(NAME_JPG, &encode(&page(200.0), ImageFormat::Jpeg));
    assert_eq!(blocking(&r), ["seal_missing"]);
    assert_eq!(r.findings[0].message, "未检测到鲜章，请打印盖章后扫描上传");
}

#[test]
fn seal_detector_rejects_wrong_shapes_and_sizes() {
    // Too small (20 mm), too large (70 mm), and a red square of seal size.
    for d in [20.0, 70.0] {
        let mut p = page(200.0);
        stamp(&mut p, 200.0, 150.0, 230.0, d);
        let r = check(NAME_PNG, &encode(&p, ImageFormat::Png));
        assert!(
            codes(&r).contains(&"seal_missing"),
            "{d} mm: {:?}",
            r.pages[0].seal
        );
    }
    let mut p = page(200.0);
    let k = 200.0 / 25.4;
    for y in (210.0 * k) as u32..(252.0 * k) as u32 {
        for x in (130.0 * k) as u32..(172.0 * k) as u32 {
            let edge = x < (131.2 * k) as u32
                || x > (170.8 * k) as u32
                || y < (211.2 * k) as u32
                || y > (250.8 * k) as u32;
            if edge {
                p.put_pixel(x, y, Rgb([205, 35, 45]));
            }
        }
    }
    let r = check(NAME_PNG, &encode(&p, ImageFormat::Png));
    assert!(
        codes(&r).contains(&"seal_missing"),
        "square: {:?}",
        r.pages[0].seal
    );
    // At 300 dpi the 42 mm seal is still found.
    let r = check(NAME_JPG, &encode(&sealed_page(300.0), ImageFormat::Jpeg));
    assert!(r.ok, "{:#?}", r.findings);
}

#[test]
fn blank_page_is_caught() {
    let p = RgbImage::from_pixel(1654, 2339, Rgb([250, 250, 250]));
    let r = check(NAME_PNG, &encode(&p, ImageFormat::Png));
    assert!(blocking(&r).contains(&"blank_page"), "{:?}", r.findings);
}

#[test]
fn blurred_scan_is_caught_and_thresholds_separate_the_fixtures() {
    let sharp = sealed_page(200.0);
    let blurred = image::imageops::blur(&sharp, 4.0);
    let rb = check(NAME_JPG, &encode(&blurred, ImageFormat::Jpeg));
    let rs = check(NAME_JPG, &encode(&sharp, ImageFormat::Jpeg));
    eprintln!(
        "sharp {:?}\nblurred {:?}",
        rs.pages[0].metrics, rb.pages[0].metrics
    );
    assert!(
        blocking(&rb).contains(&"blurry"),
        "{:#?}",
        rb.pages[0].metrics
    );
    let (ms, mb) = (
        rs.pages[0].metrics.clone().expect("m"),
        rb.pages[0].metrics.clone().expect("m"),
    );
    eprintln!("sharp {ms:?}\nblurred {mb:?}");
    assert!(ms.sharpness > 2.0 * s().blur_min_sharpness, "{ms:?}");
    // A mild blur (a real scanner's softness) still passes.
    let mild = image::imageops::blur(&sharp, 1.0);
    let rm = check(NAME_JPG, &encode(&mild, ImageFormat::Jpeg));
    eprintln!("mild {:?}", rm.pages[0].metrics);
    assert!(!codes(&rm).contains(&"blurry"), "{:?}", rm.pages[0].metrics);
}

#[test]
fn low_contrast_scan_is_caught() {
    let mut p = sealed_page(200.0);
    for px in p.pixels_mut() {
        for c in px.0.iter_mut() {
            *c = 200 + (*c as u32 * 30 / 255) as u8;
        }
    }
    let r = check(NAME_PNG, &encode(&p, ImageFormat::Png));
    assert!(
        blocking(&r).contains(&"low_contrast"),
        "{:?}",
        r.pages[0].metrics
    );
}

#[test]
fn tiny_low_dpi_image_is_caught() {
    let r = check(NAME_JPG, &encode(&sealed_page(72.0), ImageFormat::Jpeg));
    assert!(blocking(&r).contains(&"low_dpi"), "{:?}", r.findings);
    assert!(r.pages[0].dpi.unwrap_or(999.0) < 80.0);
}

#[test]
fn truncated_jpeg_and_png_are_caught() {
    let img = sealed_page(100.0);
    for fmt in [ImageFormat::Jpeg, ImageFormat::Png] {
        let full = encode(&img, fmt);
        let cut = &full[..full.len() * 6 / 10];
        let name = if fmt == ImageFormat::Jpeg {
            NAME_JPG
        } else {
            NAME_PNG
        };
        let r = check(name, cut);
        assert_eq!(blocking(&r), ["unreadable"], "{fmt:?}: {:?}", r.findings);
    }
}

#[test]
fn scanned_pdf_is_checked_through_its_image() {
    let img = sealed_page(200.0);
    let pdf = pdf_with_scan(&encode(&img, ImageFormat::Jpeg), img.width(), img.height());
    let r = check(NAME_PDF, &pdf);
    assert!(r.ok, "{:#?}", r.findings);
    assert_eq!(r.detected_type, "pdf");
    assert!(r.pages[0].seal.is_some());
    assert!((r.pages[0].width_mm - 210.0).abs() < 1.0);
    // The same PDF with an unsealed 100-dpi scan: low dpi and no seal.
    let img = page(100.0);
    let pdf = pdf_with_scan(&encode(&img, ImageFormat::Jpeg), img.width(), img.height());
    let r = check(NAME_PDF, &pdf);
    let b = blocking(&r);
    assert!(
        b.contains(&"low_dpi") && b.contains(&"seal_missing"),
        "{b:?}"
    );
}

#[test]
fn corrupt_and_encrypted_pdfs_are_findings() {
    let r = check(NAME_PDF, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage");
    assert_eq!(blocking(&r), ["unreadable"], "{:?}", r.findings);

    let img = page(50.0);
    let plain = pdf_with_scan(&encode(&img, ImageFormat::Jpeg), img.width(), img.height());
    let dir = tempfile::tempdir().expect("dir");
    let (src, enc) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    std::fs::write(&src, &plain).expect("write");
    let qpdf = std::process::Command::new("qpdf")
        .args(["--encrypt", "user", "owner", "256", "--"])
        .arg(&src)
        .arg(&enc)
        .status();
    if matches!(qpdf, Ok(s) if s.success()) {
        let r = inspect_path(&enc, &InspectContext::default(), &s());
        assert_eq!(blocking(&r), ["pdf_encrypted"], "{:?}", r.findings);
    } else {
        eprintln!("qpdf not installed: encrypted-PDF fixture skipped");
    }
}

#[test]
fn type_is_read_from_content_not_extension() {
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0u8; 200]);
    let r = check(NAME_PDF, &zip);
    assert_eq!(r.detected_type, "zip");
    assert_eq!(blocking(&r), ["type_not_allowed"]);
    assert!(r.findings[0].message.contains("改扩展名没有用"));
    let mut exe = b"MZ\x90\x00".to_vec();
    exe.extend_from_slice(&[0u8; 200]);
    let r = check(NAME_PDF, &exe);
    assert_eq!(
        (r.detected_type.as_str(), blocking(&r)),
        ("exe", vec!["type_not_allowed"])
    );
    // A PNG named .pdf: allowed type, wrong extension (a warning; packaging fixes it).
    let png = encode(&sealed_page(200.0), ImageFormat::Png);
    let r = check(NAME_PDF, &png);
    assert!(
        r.ok && codes(&r) == ["extension_mismatch"],
        "{:?}",
        r.findings
    );
}

#[test]
fn size_limit_and_allowed_types_are_settings() {
    let png = encode(&sealed_page(200.0), ImageFormat::Png);
    let mut st = s();
    st.max_bytes = 1000;
    let r = inspect_bytes(NAME_PNG, &png, &InspectContext::default(), &st);
    assert!(blocking(&r).contains(&"too_large"));
    let mut st = s();
    st.allowed_types.retain(|t| t.code() != "png");
    let r = inspect_bytes(NAME_PNG, &png, &InspectContext::default(), &st);
    assert!(blocking(&r).contains(&"type_not_allowed"));
}

#[test]
fn names_follow_the_convention() {
    let png = encode(&sealed_page(100.0), ImageFormat::Png);
    let mut st = s();
    st.min_dpi = 90.0;
    let ctx = InspectContext {
        kind: Some(DocKind::AcceptanceNotice),
        case_no: Some("YC2026"),
    };
    let ok = inspect_bytes(NAME_PNG, &png, &ctx, &st);
    assert!(ok.findings.is_empty(), "{:?}", ok.findings);
    let bad = inspect_bytes("扫描001.png", &png, &ctx, &st);
    assert_eq!(codes(&bad), ["name_convention"]);
    assert!(bad.findings[0].message.contains("YC2026-受理告知书.png"));
    // Without a case: the shape 编号-文书名称 is enough.
    let r = inspect_bytes("X-1-送达回证.png", &png, &InspectContext::default(), &st);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

#[test]
fn missing_file_is_a_finding() {
    let r = inspect_path(
        Path::new("/nonexistent/附件.pdf"),
        &InspectContext::default(),
        &s(),
    );
    assert_eq!(blocking(&r), ["unreadable"]);
    let dir = tempfile::tempdir().expect("dir");
    let r = inspect_path(dir.path(), &InspectContext::default(), &s());
    assert_eq!(blocking(&r), ["unreadable"]);
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]
    #[test]
    fn inspect_never_panics_on_arbitrary_bytes(
        prefix in prop::sample::select(vec![
            b"".to_vec(), b"%PDF-1.4\n".to_vec(), b"\xFF\xD8\xFF".to_vec(),
            b"\x89PNG\r\n\x1a\n".to_vec(), b"PK\x03\x04".to_vec(),
        ]),
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut bytes = prefix;
        bytes.extend(body);
        let r = check("x.pdf", &bytes);
        prop_assert!(!r.findings.is_empty() || r.ok);
    }

    #[test]
    fn inspect_never_panics_on_mutated_files(
        which in 0usize..3, at in any::<prop::sample::Index>(), val in any::<u8>(), cut in any::<prop::sample::Index>(),
    ) {
        let bytes = fixture_small(which);
        let mut b = bytes.clone();
        let i = at.index(b.len());
        b[i] = val;
        b.truncate(cut.index(b.len()) + 1);
        let _ = check("x.pdf", &b);
        // The thumbnail path (attachment_pages) parses the same bytes its own way.
        let _ = xinfang::attachments::page_thumbs(&b, 3);
    }
}

fn fixture_small(which: usize) -> Vec<u8> {
    use std::sync::OnceLock;
    static F: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    F.get_or_init(|| {
        let img = sealed_page(40.0);
        let jpg = encode(&img, ImageFormat::Jpeg);
        let pdf = pdf_with_scan(&jpg, img.width(), img.height());
        vec![jpg, encode(&img, ImageFormat::Png), pdf]
    })[which]
        .clone()
}

mod per_case {
    use super::*;
    use crate::util::{TempLedger, case, stdout, t, xf};
    use xinfang::api::{Desk, DocumentInput, MANIFEST_NAME};
    use xinfang::documents::DraftRequest;
    use xinfang::domain::{Purpose, Reviewer};

    const NOW: &str = "2026-10-20 09:00";

    fn petition_case(desk: &mut Desk, no: &str, doc_no: Option<&str>) {
        let now = t(NOW);
        desk.add_case(case(no).purpose(Purpose::Claim).build(), &now)
            .expect("add");
        desk.sign_for(no, t("2026-10-01 09:00"), &now)
            .expect("sign");
        desk.decide(no, "petition_channel", t("2026-10-02 10:00"), None, &now)
            .expect("decide");
        desk.record_document(
            no,
            DocumentInput {
                kind: DocKind::HandlingOpinion,
                doc_no: doc_no.map(String::from),
                title: None,
                issued_at: Some(t("2026-10-15 09:00")),
            },
            &now,
        )
        .expect("document");
    }

    /// Sealed 200-dpi scans of the three kinds, with names off the convention.
    fn scans(dir: &Path) -> Vec<(DocKind, PathBuf)> {
        let jpg = encode(&sealed_page(200.0), ImageFormat::Jpeg);
        let png = encode(&sealed_page(200.0), ImageFormat::Png);
        vec![
            (DocKind::DeliveryReceipt, write(dir, "回证扫描.png", &png)),
            (DocKind::AcceptanceNotice, write(dir, "scan001.jpg", &jpg)),
            (
                DocKind::HandlingOpinion,
                write(dir, "意见书.pdf", &pdf_with_scan(&jpg, 1654, 2339)),
            ),
        ]
    }

    #[test]
    fn complete_reviewed_case_is_ready_and_packs_in_platform_order() {
        let l = TempLedger::new();
        let mut desk = l.desk();
        let now = t(NOW);
        petition_case(&mut desk, "YC-1", Some("永住建信〔2026〕1号"));
        // Both documents signed off and delivered together; the receipt came back signed.
        crate::attachment_checks::signed_documents(&mut desk, "YC-1");
        crate::attachment_checks::deliver(
            &mut desk,
            "YC-1",
            "2026-10-15 10:00",
            &[DocKind::AcceptanceNotice, DocKind::HandlingOpinion],
            true,
        );
        let src = tempfile::tempdir().expect("dir");
        let files = scans(src.path());
        let before: Vec<Vec<u8>> = files
            .iter()
            .map(|(_, p)| std::fs::read(p).expect("r"))
            .collect();
        for (kind, p) in &files {
            let o = desk.attach_file("YC-1", p, *kind, &now).expect("attach");
            assert!(Path::new(&o.stored_path).exists());
            assert!(o.stored_path.contains("附件"));
            assert!(o.report.ok, "{:?}", o.report.findings);
        }
        // Originals untouched.
        for ((_, p), b) in files.iter().zip(&before) {
            assert_eq!(&std::fs::read(p).expect("r"), b);
        }
        let r = desk.check_attachments("YC-1", &now).expect("check");
        assert_eq!(r.verdict, "需要处理");
        let c: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert!(
            c.iter().all(|c| *c == "review_supervising_missing") && c.len() == 3,
            "{c:?}"
        );
        // Blocked: nothing written.
        let out = src.path().join("包");
        let e = desk
            .package_attachments("YC-1", &out, None, &now)
            .unwrap_err();
        assert_eq!(e.code(), "attachments_blocked");
        assert!(!out.exists());
        // Office before supervising is refused by the ledger; both in order pass.
        for (_, p) in &files {
            let name = p.file_name().and_then(|n| n.to_str()).expect("name");
            desk.review_attachment(
                "YC-1",
                name,
                Reviewer::SupervisingLeader,
                t("2026-10-16 09:00"),
                &now,
            )
            .expect("sup");
            desk.review_attachment(
                "YC-1",
                name,
                Reviewer::DistrictOffice,
                t("2026-10-16 10:00"),
                &now,
            )
            .expect("office");
        }
        let r = desk.check_attachments("YC-1", &now).expect("check");
        assert_eq!(r.verdict, "可以上传", "{:#?}", r.findings);
        assert!(r.ok);
        let o = desk
            .package_attachments("YC-1", &out, None, &now)
            .expect("package");
        assert_eq!(
            o.files,
            [
                "YC-1-受理告知书.jpg",
                "YC-1-处理意见书.pdf",
                "YC-1-送达回证.png"
            ]
        );
        let mut listed: Vec<String> = std::fs::read_dir(&out)
            .expect("dir")
            .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
            .collect();
        listed.sort();
        assert_eq!(listed.len(), 4);
        let manifest = std::fs::read_to_string(out.join(MANIFEST_NAME)).expect("manifest");
        assert!(
            manifest.contains("1\tYC-1-受理告知书.jpg\t受理告知书"),
            "{manifest}"
        );
        assert!(manifest.contains("检查结论：可以上传"));
        assert_eq!(
            std::fs::read(out.join("YC-1-送达回证.png")).expect("r"),
            before[0]
        );
    }

    #[test]
    fn incomplete_case_lists_what_is_missing_and_override_is_logged() {
        let l = TempLedger::new();
        let mut desk = l.desk();
        let now = t(NOW);
        petition_case(&mut desk, "YC-2", None);
        let src = tempfile::tempdir().expect("dir");
        let files = scans(src.path());
        let (kind, p) = &files[1];
        desk.attach_file("YC-2", p, *kind, &now).expect("attach");
        // The same file name twice is refused.
        assert!(desk.attach_file("YC-2", p, *kind, &now).is_err());
        let r = desk.check_attachments("YC-2", &now).expect("check");
        let c: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert_eq!(r.verdict, "需要处理");
        assert_eq!(
            c.iter().filter(|c| **c == "attachment_missing").count(),
            2,
            "{c:?}"
        );
        assert!(c.contains(&"doc_no_missing"), "{c:?}");
        let out = src.path().join("包");
        let o = desk
            .package_attachments("YC-2", &out, Some("市信访办要求当日先行上报"), &now)
            .expect("override");
        assert!(o.overridden);
        assert_eq!(o.files, ["YC-2-受理告知书.jpg"]);
        let m = std::fs::read_to_string(out.join(MANIFEST_NAME)).expect("manifest");
        assert!(m.contains("强制打包理由：市信访办要求当日先行上报"));
        let logged = l.count(
            "SELECT COUNT(*) FROM events WHERE kind = 'attachments_packaged' AND detail LIKE '%先行上报%'",
        );
        assert_eq!(logged, 1);
    }

    #[test]
    fn generated_unsealed_draft_is_told_to_stamp() {
        let l = TempLedger::new();
        let mut desk = l.desk();
        petition_case(&mut desk, "YC-3", None);
        let d = desk
            .draft_document(
                "YC-3",
                &DraftRequest::new(DocKind::AcceptanceNotice),
                &t(NOW),
            )
            .expect("draft");
        let r = check(NAME_PDF, &d.pdf);
        assert_eq!(r.detected_type, "pdf");
        assert!(!r.pages.is_empty());
        assert_eq!(blocking(&r), ["seal_missing"], "{:?}", r.findings);
        assert_eq!(r.findings[0].message, "未检测到鲜章，请打印盖章后扫描上传");
    }

    #[test]
    fn cli_inspect_check_and_package() {
        let l = TempLedger::new();
        {
            let mut desk = l.desk();
            petition_case(&mut desk, "YC-4", Some("永住建信〔2026〕4号"));
        }
        let dir = tempfile::tempdir().expect("dir");
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&[0u8; 64]);
        let fake = write(dir.path(), "YC-4-受理告知书.pdf", &zip);
        let fake_s = fake.to_str().expect("p");
        let o = xf(&l.path, NOW, &["inspect", fake_s, "--json"]);
        assert!(o.status.success());
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        assert_eq!(v["detected_type"], "zip");
        assert_eq!(v["findings"][0]["code"], "type_not_allowed");
        // A missing file is a finding, exit 0; a bad --kind is a usage error.
        let o = xf(&l.path, NOW, &["inspect", "/nonexistent.pdf", "--json"]);
        assert!(o.status.success());
        assert!(stdout(&o).contains("unreadable"));
        let o = xf(&l.path, NOW, &["inspect", fake_s, "--kind", "什么文书"]);
        assert!(!o.status.success());
        // attach, check-attachments, package (blocked → non-zero, nothing written).
        let jpg = write(
            dir.path(),
            "a.jpg",
            &encode(&sealed_page(200.0), ImageFormat::Jpeg),
        );
        let o = xf(
            &l.path,
            NOW,
            &[
                "attach",
                "YC-4",
                jpg.to_str().expect("p"),
                "--kind",
                "受理告知书",
            ],
        );
        assert!(o.status.success(), "{}", crate::util::stderr(&o));
        let o = xf(&l.path, NOW, &["check-attachments", "YC-4", "--json"]);
        assert!(o.status.success());
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        assert_eq!(v["verdict"], "需要处理");
        let out = dir.path().join("包");
        let o = xf(
            &l.path,
            NOW,
            &["package", "YC-4", "--out", out.to_str().expect("p")],
        );
        assert!(!o.status.success());
        assert!(!out.exists());
        let o = xf(
            &l.path,
            NOW,
            &[
                "package",
                "YC-4",
                "--out",
                out.to_str().expect("p"),
                "--override-reason",
                "领导同意先报",
            ],
        );
        assert!(o.status.success(), "{}", crate::util::stderr(&o));
        assert!(out.join("YC-4-受理告知书.jpg").exists());
    }
}
