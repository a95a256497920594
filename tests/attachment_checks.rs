//! 附件检查（issue #6）第二部分：歪斜、一文件一文书、送达回证与送达记录、无法解码的编码、
//! 解压炸弹、台账设置、浏览器上传、缩略图与鲜章位置。夹具都由测试自己生成。

use std::path::Path;
use std::time::{Duration, Instant};

use image::{ImageFormat, Rgb, RgbImage};
use lopdf::{Document, Object, Stream, dictionary};
use xinfang::api::{DeliveryInput, Desk, DocumentInput};
use xinfang::attachments::{
    AttachmentSettings, FileReport, InspectContext, estimate_skew, inspect_bytes, title_kind,
};
use xinfang::documents::DraftRequest;
use xinfang::domain::{DocKind, LeaderRole, Purpose, Reviewer};

use crate::attachments::{encode, page, pdf_with_scan, sealed_page, write};
use crate::util::{TempLedger, case, stdout, t, xf};

const NOW: &str = "2026-10-20 09:00";

fn check(name: &str, bytes: &[u8]) -> FileReport {
    inspect_bytes(
        name,
        bytes,
        &InspectContext::default(),
        &AttachmentSettings::default(),
    )
}

fn codes(r: &FileReport) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

/// The page turned by `deg` degrees about its centre (nearest neighbour, paper-white fill),
/// as a sheet put crooked on the scanner glass.
fn rotated(img: &RgbImage, deg: f64) -> RgbImage {
    let (w, h) = (img.width(), img.height());
    let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f64 - cx, y as f64 - cy);
        let sx = cx + dx * c + dy * s;
        let sy = cy - dx * s + dy * c;
        if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h {
            *img.get_pixel(sx as u32, sy as u32)
        } else {
            Rgb([250, 250, 248])
        }
    })
}

// ---------------------------------------------------------------- skew

#[test]
fn crooked_scan_is_flagged_and_a_straight_one_is_not() {
    let straight = sealed_page(200.0);
    let r = check("YC-受理告知书.jpg", &encode(&straight, ImageFormat::Jpeg));
    assert!(r.ok, "{:?}", r.findings);
    for deg in [5.0, -6.0, 8.0] {
        let r = check(
            "YC-受理告知书.jpg",
            &encode(&rotated(&straight, deg), ImageFormat::Jpeg),
        );
        let f = r.findings.iter().find(|f| f.code == "skewed");
        let f = f.unwrap_or_else(|| panic!("{deg}°: {:?}", r.findings));
        assert!(f.message.contains("歪斜约"), "{}", f.message);
        assert_eq!(f.page, Some(1));
        // The seal survives the turn: only the skew blocks.
        assert_eq!(
            r.blocking().map(|f| f.code).collect::<Vec<_>>(),
            ["skewed"],
            "{deg}°"
        );
    }
    // Below the 3° threshold: a normal scanner's tolerance.
    let r = check(
        "YC-受理告知书.jpg",
        &encode(&rotated(&straight, 1.5), ImageFormat::Jpeg),
    );
    assert!(!codes(&r).contains(&"skewed"), "{:?}", r.findings);
}

#[test]
fn skew_estimate_measures_the_angle() {
    let straight = page(100.0);
    let gray = |img: &RgbImage| image::DynamicImage::ImageRgb8(img.clone()).to_luma8();
    let s0 = estimate_skew(&gray(&straight)).expect("text page");
    assert!(s0.angle_deg.abs() <= 0.3, "{s0:?}");
    for deg in [2.0, 5.0, -5.0, 10.0] {
        let s = estimate_skew(&gray(&rotated(&straight, deg))).expect("text page");
        eprintln!("turned {deg}° → estimated {s:?}");
        assert!(
            (s.angle_deg.abs() - f64::abs(deg)).abs() <= 0.6,
            "{deg}: {s:?}"
        );
    }
    // A blank sheet has no line direction.
    assert!(estimate_skew(&image::GrayImage::from_pixel(800, 1100, image::Luma([250]))).is_none());
}

#[test]
fn skew_threshold_is_a_setting() {
    let img = rotated(&sealed_page(200.0), 5.0);
    let s = AttachmentSettings {
        max_skew_deg: 8.0,
        ..AttachmentSettings::default()
    };
    let r = inspect_bytes(
        "YC-受理告知书.jpg",
        &encode(&img, ImageFormat::Jpeg),
        &InspectContext::default(),
        &s,
    );
    assert!(!codes(&r).contains(&"skewed"), "{:?}", r.findings);
}

// ---------------------------------------------------------------- one document per file

fn petition_case(desk: &mut Desk, no: &str) {
    let now = t(NOW);
    desk.add_case(case(no).purpose(Purpose::Claim).build(), &now)
        .expect("add");
    desk.sign_for(no, t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide(no, "petition_channel", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
}

fn draft(desk: &mut Desk, no: &str, kind: DocKind) -> Vec<u8> {
    desk.draft_document(no, &DraftRequest::new(kind), &t(NOW))
        .expect("draft")
        .pdf
}

/// Two PDFs as one, the way a clerk's scanner software or `qpdf --pages` merges them.
fn merge(dir: &Path, a: &[u8], b: &[u8]) -> Vec<u8> {
    let (pa, pb, out) = (dir.join("a.pdf"), dir.join("b.pdf"), dir.join("merged.pdf"));
    std::fs::write(&pa, a).expect("w");
    std::fs::write(&pb, b).expect("w");
    let st = std::process::Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .arg(&pa)
        .arg(&pb)
        .arg("--")
        .arg(&out)
        .status()
        .expect("qpdf is installed by scripts/test.sh");
    assert!(st.success());
    std::fs::read(out).expect("merged")
}

#[test]
#[cfg_attr(windows, ignore = "merges PDFs with qpdf (Linux tool)")]
fn a_notice_and_its_receipt_in_one_pdf_are_flagged() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    petition_case(&mut desk, "YC-M1");
    let notice = draft(&mut desk, "YC-M1", DocKind::AcceptanceNotice);
    let receipt = draft(&mut desk, "YC-M1", DocKind::DeliveryReceipt);
    let dir = tempfile::tempdir().expect("dir");
    let merged = merge(dir.path(), &notice, &receipt);

    // Each alone: one document, no such finding (the draft is unsealed, that is all).
    for (bytes, kind) in [
        (&notice, DocKind::AcceptanceNotice),
        (&receipt, DocKind::DeliveryReceipt),
    ] {
        let ctx = InspectContext {
            kind: Some(kind),
            case_no: None,
        };
        let r = inspect_bytes("x.pdf", bytes, &ctx, &AttachmentSettings::default());
        let c = codes(&r);
        assert!(
            !c.contains(&"several_documents") && !c.contains(&"kind_mismatch"),
            "{kind:?}: {:?}",
            r.findings
        );
    }
    let r = check("YC-M1-受理告知书.pdf", &merged);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "several_documents")
        .unwrap_or_else(|| panic!("{:?}", r.findings));
    assert_eq!(f.severity, xinfang::attachments::Severity::Blocking);
    assert!(
        f.message.contains("受理告知书") && f.message.contains("送达回证"),
        "{}",
        f.message
    );
    assert!(!r.ok);
}

#[test]
fn a_file_added_as_the_wrong_kind_is_questioned() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    petition_case(&mut desk, "YC-M2");
    let notice = draft(&mut desk, "YC-M2", DocKind::AcceptanceNotice);
    let ctx = InspectContext {
        kind: Some(DocKind::DeliveryReceipt),
        case_no: None,
    };
    let r = inspect_bytes("x.pdf", &notice, &ctx, &AttachmentSettings::default());
    assert!(codes(&r).contains(&"kind_mismatch"), "{:?}", r.findings);
}

#[test]
fn titles_are_read_from_the_start_of_a_page() {
    assert_eq!(
        title_kind("永川区住房城乡建委\n信访事项受理告知书\n张三：你于……"),
        Some(DocKind::AcceptanceNotice)
    );
    assert_eq!(
        title_kind("信访事项不予受理告知书 张三："),
        Some(DocKind::DeclineNotice)
    );
    // A receipt lists what it served; its own title comes first.
    assert_eq!(
        title_kind("送达回证 送达文书名称 信访事项受理告知书"),
        Some(DocKind::DeliveryReceipt)
    );
    assert_eq!(
        title_kind("关于张三反映问题的回复 张三：你反映的"),
        Some(DocKind::ReplyLetter)
    );
    // A continuation page: body text, no title near the top.
    assert_eq!(
        title_kind(
            "经调查核实，物业公司已于十月八日完成维修，电梯运行正常。如对本处理意见不服，可自收到本意见书之日起三十日内请求复查。"
        ),
        None
    );
}

#[test]
#[cfg_attr(windows, ignore = "merges PDFs with qpdf (Linux tool)")]
fn sealed_scans_on_two_pages_without_text_are_a_hint() {
    let img = sealed_page(100.0);
    let jpg = encode(&img, ImageFormat::Jpeg);
    let one = pdf_with_scan(&jpg, img.width(), img.height());
    let dir = tempfile::tempdir().expect("dir");
    let two = merge(dir.path(), &one, &one);
    let s = AttachmentSettings {
        min_dpi: 90.0,
        ..AttachmentSettings::default()
    };
    let r = inspect_bytes("YC-受理告知书.pdf", &two, &InspectContext::default(), &s);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "several_documents_maybe")
        .unwrap_or_else(|| panic!("{:?}", r.findings));
    assert_eq!(f.severity, xinfang::attachments::Severity::Warning);
    let r = inspect_bytes("YC-受理告知书.pdf", &one, &InspectContext::default(), &s);
    assert!(r.ok && r.findings.is_empty(), "{:?}", r.findings);
}

// ---------------------------------------------------------------- 送达回证 for every delivery

pub fn signed_documents(desk: &mut Desk, no: &str) {
    let now = t(NOW);
    for (kind, doc_no) in [
        (DocKind::AcceptanceNotice, None),
        (DocKind::HandlingOpinion, Some("永住建信〔2026〕7号")),
    ] {
        desk.record_document(
            no,
            DocumentInput {
                kind,
                doc_no: doc_no.map(String::from),
                title: None,
                issued_at: Some(t("2026-10-05 09:00")),
            },
            &now,
        )
        .expect("document");
        for (role, who) in [
            (LeaderRole::SupervisingLeader, "王分管"),
            (LeaderRole::PrincipalLeader, "李局长"),
        ] {
            desk.signoff(no, kind, role, who, t("2026-10-05 10:00"), &now)
                .expect("signoff");
        }
    }
}

pub fn deliver(desk: &mut Desk, no: &str, at: &str, docs: &[DocKind], signed: bool) {
    desk.deliver(
        no,
        DeliveryInput {
            place: Some("永川区住建委信访接待室".into()),
            receipt_signed: signed,
            ..crate::util::served_in_person(docs.to_vec(), at)
        },
        &t(NOW),
    )
    .expect("deliver");
}

fn attach_all(desk: &mut Desk, no: &str, dir: &Path, receipts: usize) {
    let now = t(NOW);
    let jpg = encode(&sealed_page(200.0), ImageFormat::Jpeg);
    let mut files = vec![
        (DocKind::AcceptanceNotice, format!("{no}-受理告知书.jpg")),
        (DocKind::HandlingOpinion, format!("{no}-处理意见书.jpg")),
    ];
    for i in 0..receipts {
        files.push((DocKind::DeliveryReceipt, format!("{no}-送达回证{i}.jpg")));
    }
    for (kind, name) in files {
        let p = write(dir, &name, &jpg);
        desk.attach_file(no, &p, kind, &now).expect("attach");
        for (who, at) in [
            (Reviewer::SupervisingLeader, "2026-10-16 09:00"),
            (Reviewer::DistrictOffice, "2026-10-16 10:00"),
        ] {
            desk.review_attachment(no, &name, who, t(at), &now)
                .expect("review");
        }
    }
}

fn case_codes(desk: &Desk, no: &str) -> Vec<&'static str> {
    desk.check_attachments(no, &t(NOW))
        .expect("check")
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn every_delivery_needs_its_signed_receipt() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let dir = tempfile::tempdir().expect("dir");
    petition_case(&mut desk, "YC-D1");
    signed_documents(&mut desk, "YC-D1");
    attach_all(&mut desk, "YC-D1", dir.path(), 1);
    // Nothing delivered yet: the receipt has no delivery behind it.
    assert_eq!(case_codes(&desk, "YC-D1"), ["delivery_missing"]);

    // The notice delivered (receipt signed), the opinion not yet.
    deliver(
        &mut desk,
        "YC-D1",
        "2026-10-06 10:00",
        &[DocKind::AcceptanceNotice],
        true,
    );
    let c = case_codes(&desk, "YC-D1");
    assert_eq!(c, ["not_delivered"], "{c:?}");

    // The opinion delivered separately, its receipt not yet signed: two deliveries, one receipt.
    deliver(
        &mut desk,
        "YC-D1",
        "2026-10-12 10:00",
        &[DocKind::HandlingOpinion],
        false,
    );
    let c = case_codes(&desk, "YC-D1");
    assert!(
        c.contains(&"receipt_unsigned") && c.contains(&"receipt_missing_for_delivery"),
        "{c:?}"
    );
    let r = desk.check_attachments("YC-D1", &t(NOW)).expect("check");
    assert_eq!(r.verdict, "需要处理");
    assert!(
        r.blocking_list()
            .iter()
            .any(|m| m.contains("2 次送达，只有 1 份送达回证")),
        "{:?}",
        r.blocking_list()
    );
}

#[test]
fn two_deliveries_with_two_signed_receipts_are_ready() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let dir = tempfile::tempdir().expect("dir");
    petition_case(&mut desk, "YC-D2");
    signed_documents(&mut desk, "YC-D2");
    deliver(
        &mut desk,
        "YC-D2",
        "2026-10-06 10:00",
        &[DocKind::AcceptanceNotice],
        true,
    );
    deliver(
        &mut desk,
        "YC-D2",
        "2026-10-12 10:00",
        &[DocKind::HandlingOpinion],
        true,
    );
    attach_all(&mut desk, "YC-D2", dir.path(), 2);
    let r = desk.check_attachments("YC-D2", &t(NOW)).expect("check");
    assert_eq!(r.verdict, "可以上传", "{:#?}", r.findings);
    // A third receipt is one too many for two deliveries.
    let p = write(
        dir.path(),
        "YC-D2-送达回证9.jpg",
        &encode(&sealed_page(200.0), ImageFormat::Jpeg),
    );
    desk.attach_file("YC-D2", &p, DocKind::DeliveryReceipt, &t(NOW))
        .expect("attach");
    let c = case_codes(&desk, "YC-D2");
    assert!(c.contains(&"attachment_duplicate"), "{c:?}");
    // Removing the extra one restores the verdict; the removal is on the record.
    desk.remove_attachment("YC-D2", "YC-D2-送达回证9.jpg", &t(NOW))
        .expect("remove");
    let r = desk.check_attachments("YC-D2", &t(NOW)).expect("check");
    assert_eq!(r.verdict, "可以上传", "{:#?}", r.findings);
    assert_eq!(
        l.count("SELECT COUNT(*) FROM events WHERE kind = 'attachment_removed'"),
        1
    );
}

// ---------------------------------------------------------------- encodings we cannot decode

/// A one-page A4 PDF whose page image uses `filter` (content is opaque to the checker).
fn pdf_with_filter(filter: &str, w: i64, h: i64, bpc: i64, cs: &str, data: Vec<u8>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
            "ColorSpace" => cs, "BitsPerComponent" => bpc, "Filter" => filter,
        },
        data,
    ));
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595.28 0 0 841.89 0 0 cm /Im1 Do Q".to_vec(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => img_id } },
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(595.28), Object::Real(841.89)],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

#[test]
fn jbig2_ccitt_and_jpx_scans_say_the_seal_was_not_checked() {
    for (filter, bpc, cs, shown) in [
        ("JBIG2Decode", 1, "DeviceGray", "JBIG2"),
        ("CCITTFaxDecode", 1, "DeviceGray", "CCITT"),
        ("JPXDecode", 8, "DeviceRGB", "JPEG 2000"),
    ] {
        let pdf = pdf_with_filter(filter, 1654, 2339, bpc, cs, vec![0x55; 4096]);
        let r = check("YC-受理告知书.pdf", &pdf);
        let f = r
            .findings
            .iter()
            .find(|f| f.code == "scan_not_checked")
            .unwrap_or_else(|| panic!("{filter}: {:?}", r.findings));
        assert_eq!(f.severity, xinfang::attachments::Severity::Blocking);
        assert!(
            f.message.contains(shown) && f.message.contains("鲜章都未能检查"),
            "{}",
            f.message
        );
        // Never a silent pass, and not the misleading "no seal found".
        assert!(!r.ok);
        assert!(!codes(&r).contains(&"seal_missing"), "{:?}", r.findings);
        assert_eq!(r.pages[0].dpi, Some(200.0));
    }
}

// ---------------------------------------------------------------- decompression bombs

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend(data);
    out.extend(&body);
    out.extend(crc32(&body).to_be_bytes());
}

/// A valid PNG header declaring `w`×`h` RGB, with a small (zlib) IDAT of zeros.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    let mut s = Stream::new(dictionary! {}, vec![0u8; 1 << 20]);
    s.compress().expect("compress");
    png_chunk(&mut out, b"IDAT", &s.content);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A real small JPEG whose SOF0 header is patched to claim `w`×`h`.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut j = encode(&page(20.0), ImageFormat::Jpeg);
    let sof = j
        .windows(2)
        .position(|m| m == [0xFF, 0xC0])
        .expect("baseline JPEG");
    j[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    j[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    j
}

fn timed(name: &str, bytes: &[u8]) -> (FileReport, Duration) {
    let t0 = Instant::now();
    let r = check(name, bytes);
    (r, t0.elapsed())
}

#[test]
fn images_declaring_huge_dimensions_are_refused_before_decoding() {
    let png = png_claiming(100_000, 100_000);
    let jpg = jpeg_claiming(65_000, 65_000);
    let pdf_dct = pdf_with_filter(
        "DCTDecode",
        100_000,
        100_000,
        8,
        "DeviceRGB",
        jpeg_claiming(65_000, 65_000),
    );
    let mut flate = Stream::new(dictionary! {}, vec![0u8; 1 << 20]);
    flate.compress().expect("compress");
    let pdf_flate = pdf_with_filter(
        "FlateDecode",
        100_000,
        141_000,
        8,
        "DeviceRGB",
        flate.content.clone(),
    );
    // Declared dimensions inside the caps but the JPEG inside claims more.
    let pdf_inner = pdf_with_filter(
        "DCTDecode",
        1654,
        2339,
        8,
        "DeviceRGB",
        jpeg_claiming(60_000, 60_000),
    );
    for (name, bytes) in [
        ("YC-受理告知书.png", &png),
        ("YC-受理告知书.jpg", &jpg),
        ("YC-受理告知书.pdf", &pdf_dct),
        ("YC-受理告知书.pdf", &pdf_flate),
        ("YC-受理告知书.pdf", &pdf_inner),
    ] {
        let (r, took) = timed(name, bytes);
        assert!(took < Duration::from_secs(2), "{name}: {took:?}");
        assert!(
            codes(&r).contains(&"image_too_large"),
            "{name}: {:?}",
            r.findings
        );
        assert!(!r.ok);
        assert!(!codes(&r).contains(&"seal_missing"));
    }
}

#[test]
fn a_deflate_bomb_inside_a_pdf_stops_at_the_declared_size() {
    // 2000×2800 grey declares 5.6 MB of pixels; the stream inflates to 64 MB of zeros.
    let mut bomb = Stream::new(dictionary! {}, vec![0u8; 64 << 20]);
    bomb.compress().expect("compress");
    assert!(bomb.content.len() < 256 << 10);
    let pdf = pdf_with_filter("FlateDecode", 2000, 2800, 8, "DeviceGray", bomb.content);
    let (r, took) = timed("YC-受理告知书.pdf", &pdf);
    assert!(took < Duration::from_secs(3), "{took:?}");
    // It decodes as an all-black page: a finding, not an allocation of 256 MB.
    assert!(!r.ok, "{:?}", r.findings);
}

#[test]
#[cfg_attr(windows, ignore = "limits memory with sh -c ulimit (Unix)")]
fn bombs_stay_within_a_1_gb_address_space_in_the_cli() {
    let dir = tempfile::tempdir().expect("dir");
    let mut bomb = Stream::new(dictionary! {}, vec![0u8; 64 << 20]);
    bomb.compress().expect("compress");
    let files = [
        write(dir.path(), "a.png", &png_claiming(100_000, 100_000)),
        write(dir.path(), "b.jpg", &jpeg_claiming(65_000, 65_000)),
        write(
            dir.path(),
            "c.pdf",
            &pdf_with_filter("FlateDecode", 2000, 2800, 8, "DeviceGray", bomb.content),
        ),
    ];
    for f in &files {
        let t0 = Instant::now();
        let o = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 1048576; exec \"$0\" inspect \"$1\" --json")
            .arg(crate::util::bin())
            .arg(f)
            .env_remove("XINFANG_DB")
            .output()
            .expect("sh");
        assert!(
            o.status.success(),
            "{}: {}",
            f.display(),
            crate::util::stderr(&o)
        );
        assert!(t0.elapsed() < Duration::from_secs(5));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        assert_eq!(v["ok"], false, "{v}");
    }
}

// ---------------------------------------------------------------- settings from the ledger

#[test]
fn inspect_uses_the_ledger_settings_when_given_a_ledger() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let mut s = desk.attachment_settings().expect("settings");
    assert_eq!(s, AttachmentSettings::default());
    s.min_dpi = 90.0;
    s.name_pattern = "{kind}_{case_no}.{ext}".into();
    desk.set_attachment_settings(s, &t(NOW)).expect("set");
    drop(desk);
    let dir = tempfile::tempdir().expect("dir");
    let f = write(
        dir.path(),
        "受理告知书_YC-9.jpg",
        &encode(&sealed_page(100.0), ImageFormat::Jpeg),
    );
    let f = f.to_str().expect("p");
    let args = [
        "inspect",
        f,
        "--kind",
        "受理告知书",
        "--case-no",
        "YC-9",
        "--json",
    ];
    // With the ledger: 100 dpi is enough and the unit's own naming rule applies.
    let o = xf(&l.path, NOW, &args);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["findings"], serde_json::json!([]), "{v}");
    // Without a ledger: the defaults (200 dpi, 编号-文书名称).
    let o = std::process::Command::new(crate::util::bin())
        .args(args)
        .env_remove("XINFANG_DB")
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let c: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(
        c.contains(&"low_dpi") && c.contains(&"name_convention"),
        "{c:?}"
    );
    // A setting that makes no sense is refused with the field named.
    let mut desk = l.desk();
    let mut bad = desk.attachment_settings().expect("s");
    bad.name_pattern = "{kind}.pdf".into();
    let e = desk.set_attachment_settings(bad, &t(NOW)).unwrap_err();
    assert!(e.to_string().contains("命名规则"), "{e}");
}

// ---------------------------------------------------------------- upload, pages, thumbnails

#[test]
fn upload_then_pages_show_thumbnails_and_the_seal_box() {
    use base64::Engine;
    let l = TempLedger::new();
    let mut desk = l.desk();
    petition_case(&mut desk, "YC-U1");
    let now = t(NOW);
    let jpg = encode(&sealed_page(200.0), ImageFormat::Jpeg);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&jpg);
    let o = xinfang::api::dispatch(
        &mut desk,
        "attachment_upload",
        serde_json::json!({"case_no": "YC-U1", "kind": "acceptance_notice",
            "name": "C:\\扫描\\YC-U1-受理告知书.jpg", "data_base64": b64}),
        &now,
    )
    .expect("upload");
    assert_eq!(o["report"]["ok"], true, "{o}");
    assert!(Path::new(o["stored_path"].as_str().expect("p")).exists());
    let pages = xinfang::api::dispatch(
        &mut desk,
        "attachment_pages",
        serde_json::json!({"case_no": "YC-U1", "file_name": "YC-U1-受理告知书.jpg"}),
        &now,
    )
    .expect("pages");
    let p0 = &pages["pages"][0];
    assert!(
        p0["data_url"]
            .as_str()
            .expect("thumb")
            .starts_with("data:image/png;base64,")
    );
    // The seal was stamped centred at (150, 230) mm, 42 mm across, on a 210×297 mm page.
    let b: Vec<f64> = p0["seal"]["bbox"]
        .as_array()
        .expect("bbox")
        .iter()
        .map(|v| v.as_f64().expect("f"))
        .collect();
    let near = |a: f64, e: f64| (a - e).abs() < 0.02;
    assert!(
        near(b[0], 129.0 / 210.0)
            && near(b[2], 171.0 / 210.0)
            && near(b[1], 209.0 / 297.0)
            && near(b[3], 251.0 / 297.0),
        "{b:?}"
    );

    // A generated (text) PDF: rendered by pdftoppm when present, else a placeholder.
    let notice = draft(&mut desk, "YC-U1", DocKind::HandlingOpinion);
    let dir = tempfile::tempdir().expect("dir");
    let p = write(dir.path(), "YC-U1-处理意见书.pdf", &notice);
    desk.attach_file("YC-U1", &p, DocKind::HandlingOpinion, &now)
        .expect("attach");
    let v = desk
        .attachment_pages("YC-U1", "YC-U1-处理意见书.pdf", &now)
        .expect("pages");
    assert!(!v.pages.is_empty());
    let has_pdftoppm = std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok();
    for pg in &v.pages {
        assert!(pg.seal.is_none());
        if has_pdftoppm {
            assert!(pg.data_url.is_some(), "page {}: {:?}", pg.page, pg.note);
        } else {
            assert_eq!(pg.note.as_deref(), Some("文字版 PDF，无缩略图"));
        }
    }
    assert!(
        v.report.findings.iter().any(|f| f.code == "seal_missing"),
        "{:?}",
        v.report.findings
    );

    // Limits and names: too big, not base64, a bare path.
    let huge = "A".repeat(xinfang::api::UPLOAD_MAX_BYTES / 3 * 4 + 400);
    let e = desk
        .upload_attachment("YC-U1", "x.pdf", &huge, DocKind::DeliveryReceipt, &now)
        .unwrap_err();
    assert!(e.to_string().contains("超过 32 MB"), "{e}");
    let e = desk
        .upload_attachment("YC-U1", "x.pdf", "***", DocKind::DeliveryReceipt, &now)
        .unwrap_err();
    assert!(e.to_string().contains("base64"), "{e}");
    assert!(
        desk.upload_attachment("YC-U1", "../", "QUJD", DocKind::DeliveryReceipt, &now)
            .is_err()
    );
}

// ---------------------------------------------------------------- seal detector figures

/// A red 红头 masthead (glyph-like red strokes in a band) and the red separator rule: red,
/// large, but not a round seal.
fn red_header_page(dpi: f64) -> RgbImage {
    let mut p = page(dpi);
    let k = dpi / 25.4;
    let red = Rgb([210, 30, 40]);
    for y in (40.0 * k) as u32..(58.0 * k) as u32 {
        for x in (40.0 * k) as u32..(170.0 * k) as u32 {
            let (gx, gy) = ((x as f64 / k) % 18.0, (y as f64 / k - 40.0) % 18.0);
            if gx < 2.0 || gy < 2.0 || (gx - gy).abs() < 1.5 {
                p.put_pixel(x, y, red);
            }
        }
    }
    for y in (66.0 * k) as u32..(66.8 * k) as u32 {
        for x in (25.0 * k) as u32..(185.0 * k) as u32 {
            p.put_pixel(x, y, red);
        }
    }
    p
}

#[test]
fn seal_detector_true_and_false_positives_on_the_fixture_set() {
    use crate::attachments::stamp;
    let with_seal = |dpi: f64, x: f64, y: f64, d: f64| {
        let mut p = page(dpi);
        stamp(&mut p, dpi, x, y, d);
        p
    };
    let positives: Vec<(&str, RgbImage)> = vec![
        ("42 mm, 150 dpi", with_seal(150.0, 150.0, 230.0, 42.0)),
        ("42 mm, 200 dpi", sealed_page(200.0)),
        ("42 mm, 300 dpi", sealed_page(300.0)),
        ("38 mm, 200 dpi", with_seal(200.0, 150.0, 230.0, 38.0)),
        ("45 mm, 200 dpi", with_seal(200.0, 60.0, 250.0, 45.0)),
        ("42 mm, turned 5°", rotated(&sealed_page(200.0), 5.0)),
        ("42 mm, turned −6°", rotated(&sealed_page(200.0), -6.0)),
        (
            "42 mm, mild blur",
            image::imageops::blur(&sealed_page(200.0), 1.0),
        ),
        ("42 mm over the text", with_seal(200.0, 110.0, 120.0, 42.0)),
    ];
    let mut square = page(200.0);
    let k = 200.0 / 25.4;
    for y in (210.0 * k) as u32..(252.0 * k) as u32 {
        for x in (130.0 * k) as u32..(172.0 * k) as u32 {
            if x < (131.2 * k) as u32
                || x > (170.8 * k) as u32
                || y < (211.2 * k) as u32
                || y > (250.8 * k) as u32
            {
                square.put_pixel(x, y, Rgb([205, 35, 45]));
            }
        }
    }
    let negatives: Vec<(&str, RgbImage)> = vec![
        ("unsealed, 150 dpi", page(150.0)),
        ("unsealed, 200 dpi", page(200.0)),
        ("unsealed, 300 dpi", page(300.0)),
        ("unsealed, turned 5°", rotated(&page(200.0), 5.0)),
        ("20 mm round stamp", with_seal(200.0, 150.0, 230.0, 20.0)),
        ("70 mm round stamp", with_seal(200.0, 150.0, 230.0, 70.0)),
        ("42 mm red square", square),
        ("红头 masthead and rule", red_header_page(200.0)),
        (
            "blank page",
            RgbImage::from_pixel(1654, 2339, Rgb([250, 250, 250])),
        ),
    ];
    let found = |img: &RgbImage| {
        check("YC-受理告知书.jpg", &encode(img, ImageFormat::Jpeg))
            .pages
            .first()
            .is_some_and(|p| p.seal.is_some())
    };
    let tp: Vec<&str> = positives
        .iter()
        .filter(|(_, i)| found(i))
        .map(|(n, _)| *n)
        .collect();
    let fp: Vec<&str> = negatives
        .iter()
        .filter(|(_, i)| found(i))
        .map(|(n, _)| *n)
        .collect();
    eprintln!(
        "seal detector: {}/{} true positives, {}/{} false positives ({fp:?})",
        tp.len(),
        positives.len(),
        fp.len(),
        negatives.len()
    );
    assert_eq!(tp.len(), positives.len(), "missed: {tp:?}");
    assert!(fp.is_empty(), "false positives: {fp:?}");
}

/// The single strip of a little-endian Group 4 TIFF: (width, height, black_is_1, data).
fn tiff_g4_strip(b: &[u8]) -> Option<(u32, u32, bool, Vec<u8>)> {
    let u16_at = |i: usize| Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?));
    if b.get(..4)? != b"II*\0" {
        return None;
    }
    let ifd = u32_at(4)? as usize;
    let (mut w, mut h, mut comp, mut photo, mut off, mut len) = (0, 0, 0, 0, 0, 0);
    for e in 0..u16_at(ifd)? as usize {
        let at = ifd + 2 + e * 12;
        let (tag, ty) = (u16_at(at)?, u16_at(at + 2)?);
        let val = if ty == 3 {
            u16_at(at + 8)? as u32
        } else {
            u32_at(at + 8)?
        };
        match tag {
            256 => w = val,
            257 => h = val,
            259 => comp = val,
            262 => photo = val,
            273 => off = val as usize,
            279 => len = val as usize,
            _ => {}
        }
    }
    if comp != 4 {
        return None;
    }
    let data = b.get(off..off.checked_add(len)?)?.to_vec();
    Some((w, h, photo == 1, data))
}

#[test]
#[cfg_attr(
    windows,
    ignore = "makes the fixture with ImageMagick and checks it with pdftoppm (Linux tools)"
)]
fn a_real_ccitt_g4_scan_is_not_a_silent_pass() {
    // ImageMagick writes the Group 4 TIFF (its PDF writer is often disabled by policy); the
    // strip goes into a PDF as a CCITTFaxDecode image, as black-and-white scanners do.
    let dir = tempfile::tempdir().expect("dir");
    let png = write(
        dir.path(),
        "page.png",
        &encode(&sealed_page(200.0), ImageFormat::Png),
    );
    let tif = dir.path().join("g4.tif");
    let made = std::process::Command::new("convert")
        .arg(&png)
        .args(["-monochrome", "-compress", "Group4"])
        .args(["-define", "tiff:rows-per-strip=100000"])
        .arg(&tif)
        .status();
    if !matches!(made, Ok(s) if s.success()) {
        eprintln!(
            "ImageMagick not installed: real CCITT fixture skipped (the synthetic one still runs)"
        );
        return;
    }
    let (w, h, black_is_1, data) =
        tiff_g4_strip(&std::fs::read(&tif).expect("tif")).expect("a one-strip G4 TIFF");
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode",
            "DecodeParms" => dictionary! {
                "K" => -1, "Columns" => w as i64, "Rows" => h as i64, "BlackIs1" => black_is_1,
            },
        },
        data,
    ));
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595.28 0 0 841.89 0 0 cm /Im1 Do Q".to_vec(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => img_id } },
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(595.28), Object::Real(841.89)],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut pdf = Vec::new();
    doc.save_to(&mut pdf).expect("save");
    // A real fixture: poppler decodes it.
    let p = write(dir.path(), "g4.pdf", &pdf);
    if let Ok(o) = std::process::Command::new("pdftoppm")
        .args(["-r", "20", "-png", "-singlefile"])
        .arg(&p)
        .arg(dir.path().join("g4-render"))
        .output()
    {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let r = check("YC-受理告知书.pdf", &pdf);
    let c = codes(&r);
    assert!(
        c.contains(&"scan_not_checked") && !c.contains(&"seal_missing"),
        "{:?}",
        r.findings
    );
    assert!(!r.ok);
    let msg = &r.findings[0].message;
    assert!(msg.contains("CCITT"), "{msg}");
}
