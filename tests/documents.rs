//! The six notices as real PDFs, checked with poppler and qpdf; the 文号 register; sign-offs
//! and drafts; confidentiality; missing glyphs; printing to a real CUPS queue.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use xinfang::api::{Desk, DocNoRequest, DocumentInput};
use xinfang::documents::linebreak::{break_lines, is_no_start};
use xinfang::documents::{DraftRequest, Drafted, FontOptions, FontSet, FontSettings};
use xinfang::domain::{DocKind, LeaderRole, Petitioner, Purpose};

use crate::util::{TempLedger, case, pdf_text, stdout, t, xf};

const NOW: &str = "2026-10-20 17:00";
const KINDS: [DocKind; 8] = [
    DocKind::AcceptanceNotice,
    DocKind::DeclineNotice,
    DocKind::HandlingOpinion,
    DocKind::ReplyOpinion,
    DocKind::ReplyLetter,
    DocKind::DeliveryReceipt,
    DocKind::ExtensionNotice,
    DocKind::CompletionReport,
];

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} not runnable ({e}); scripts/test.sh installs it"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `d` next to the ledger and returns the path.
fn save(l: &TempLedger, d: &Drafted, name: &str) -> PathBuf {
    let p = l.dir.path().join(name);
    std::fs::write(&p, &d.pdf).expect("write pdf");
    p
}

fn doc(desk: &mut Desk, no: &str, kind: DocKind) {
    desk.record_document(
        no,
        DocumentInput {
            kind,
            doc_no: None,
            title: None,
            issued_at: Some(t("2026-10-15 09:00")),
        },
        &t(NOW),
    )
    .expect("record document");
}

/// The text leaders approve: the values a final copy names, and for a 处理意见书 the
/// investigation and its basis written in place of the template's fill-in prompts.
fn write_text(desk: &mut Desk, no: &str, kind: DocKind) {
    let now = t(NOW);
    desk.document_save(no, kind, None, request(kind, true).vars, &now)
        .expect("save values");
    let mut body = desk.document_text(no, kind, &now).expect("text").body;
    let mut prompts = xinfang::documents::fill_in_prompts([body.clone().as_str()]);
    prompts.retain(|p| !p.starts_with('{'));
    for p in &prompts {
        body = body.replace(p, "电梯确已停运两个月，物业公司未按约定维修");
    }
    let body = (!prompts.is_empty()).then_some(body);
    desk.document_save(no, kind, body, request(kind, true).vars, &now)
        .expect("save text");
}

fn sign_both(desk: &mut Desk, no: &str, kind: DocKind) {
    write_text(desk, no, kind);
    desk.signoff(
        no,
        kind,
        LeaderRole::SupervisingLeader,
        "刘分管",
        t("2026-10-15 10:00"),
        &t(NOW),
    )
    .expect("supervising");
    desk.signoff(
        no,
        kind,
        LeaderRole::PrincipalLeader,
        "陈主要",
        t("2026-10-15 11:00"),
        &t(NOW),
    )
    .expect("principal");
}

/// A case decided by `method`, its documents recorded; the 文号 of the red-header kind
/// allocated.
fn decided(desk: &mut Desk, no: &str, method: &str, purpose: Purpose, kinds: &[DocKind]) {
    let now = t(NOW);
    desk.add_case(
        case(no)
            .purpose(purpose)
            .arrived("2026-09-30 16:20")
            .unit("重庆市永川区住房和城乡建设委员会")
            .demand("小区电梯长期故障，要求物业公司尽快维修")
            .build(),
        &now,
    )
    .expect("add");
    desk.sign_for(no, t("2026-10-01 09:00"), &now)
        .expect("sign");
    let reason = (method == "decline")
        .then(|| "该事项已经人民法院作出生效判决，依法不属于信访受理范围".to_string());
    let redirect_to = (method == "decline").then(|| "向重庆市永川区人民法院申请再审".to_string());
    let ground = (method == "decline").then_some(xinfang::domain::DeclineGround::LegalRoute);
    desk.decide_with(
        no,
        method,
        t("2026-10-02 10:00"),
        reason,
        xinfang::api::DecideDetails {
            ground,
            redirect_to,
            ..Default::default()
        },
        &now,
    )
    .expect("decide");
    for k in kinds {
        doc(desk, no, *k);
    }
}

/// A draft request; a final copy carries what the law makes it name (the 复查 body and the
/// 条例 §32 stance of a 处理意见书, the relief of a 答复意见书).
fn request(kind: DocKind, final_copy: bool) -> DraftRequest {
    let mut r = DraftRequest::new(kind);
    r.final_copy = final_copy;
    if final_copy {
        let vars: &[(&str, &str)] = match kind {
            DocKind::HandlingOpinion => &[
                ("review_office", "重庆市永川区人民政府"),
                ("stance", "支持"),
            ],
            DocKind::ReplyOpinion => &[
                ("legal_procedure", "行政复议程序"),
                ("relief_procedure", "提起行政诉讼"),
                ("relief_body", "重庆市永川区人民法院"),
                ("relief_time_limit", "15日"),
            ],
            _ => &[],
        };
        for (k, v) in vars {
            r.vars.insert((*k).into(), (*v).into());
        }
    }
    r
}

/// Every kind, final where allowed, in one ledger.
fn all_kinds(l: &TempLedger) -> Vec<(DocKind, PathBuf, Drafted)> {
    let mut desk = l.desk();
    let now = t(NOW);
    decided(
        &mut desk,
        "P-1",
        "petition_channel",
        Purpose::Claim,
        &[
            DocKind::AcceptanceNotice,
            DocKind::HandlingOpinion,
            DocKind::DeliveryReceipt,
        ],
    );
    desk.doc_no_allocate(
        &DocNoRequest {
            prefix: Some("永住建信".into()),
            unit: None,
            year: None,
            case_no: Some("P-1".into()),
            kind: Some(DocKind::HandlingOpinion),
        },
        &now,
    )
    .expect("doc no");
    sign_both(&mut desk, "P-1", DocKind::HandlingOpinion);
    decided(
        &mut desk,
        "S-1",
        "statutory_channel",
        Purpose::Claim,
        &[DocKind::ReplyOpinion],
    );
    sign_both(&mut desk, "S-1", DocKind::ReplyOpinion);
    decided(&mut desk, "N-1", "decline", Purpose::Claim, &[]);
    decided(&mut desk, "D-1", "direct_reply", Purpose::Suggestion, &[]);
    write_text(&mut desk, "D-1", DocKind::ReplyLetter);
    let mut out = Vec::new();
    for kind in KINDS {
        let no = match kind {
            DocKind::DeclineNotice => "N-1",
            DocKind::ReplyOpinion => "S-1",
            DocKind::ReplyLetter => "D-1",
            _ => "P-1",
        };
        let mut req = request(kind, true);
        if kind == DocKind::CompletionReport {
            // Asked by the sender (issue #16), not one of the case's own documents: what was
            // done is written into the request's body before a final copy (issue #21 §1).
            let text = desk.document_text(no, kind, &now).expect("text").template;
            req.body = Some(
                text.replace(
                    "（请填写调查核实、协调处理的情况。）",
                    "经现场核实，电梯已修复。",
                )
                .replace("（请填写处理意见及信访人的意见。）", "信访人表示满意。"),
            );
        }
        let d = desk
            .draft_document(no, &req, &now)
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let p = save(l, &d, &format!("{}.pdf", kind.code()));
        out.push((kind, p, d));
    }
    out
}

#[test]
#[cfg_attr(
    windows,
    ignore = "checks the PDFs with qpdf, pdfinfo and pdffonts (Linux tools)"
)]
fn every_kind_is_a_valid_a4_pdf_with_subset_fonts_and_unicode_maps() {
    let l = TempLedger::new();
    for (kind, path, d) in all_kinds(&l) {
        let p = path.to_str().expect("path");
        tool("qpdf", &["--check", p]);
        let info = tool("pdfinfo", &[p]);
        assert!(
            info.contains("595.276 x 841.89 pts (A4)"),
            "{kind:?}: {info}"
        );
        let fonts = tool("pdffonts", &[p]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{kind:?} has no fonts");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert!(cols[0].contains('+'), "{kind:?}: not a subset name: {row}");
            let flags = &cols[cols.len() - 5..cols.len() - 2];
            assert_eq!(flags, ["yes", "yes", "yes"], "{kind:?}: emb/sub/uni: {row}");
        }
        assert!(d.bytes < 150 * 1024, "{kind:?} is {} bytes", d.bytes);
        assert!(!d.draft);
    }
}

#[test]
fn acceptance_notice_text_is_exactly_the_filled_template() {
    let l = TempLedger::new();
    let docs = all_kinds(&l);
    let (_, path, _) = &docs[0];
    // 条例 §23 is where the duty to tell the petitioner comes from, §34 the 60 days (the old
    // text cited §31 for both). The 信访日期 is not recorded for this transferred item, so the
    // notice says 近日 and gives our own arrival date separately.
    let expected = "信访事项受理告知书\
        张三：\
        你近日以网上信访形式反映的“小区电梯长期故障，要求物业公司尽快维修”问题（信访件编号：P-1），本机关于2026年9月30日收到重庆市永川区信访办转来的该信访事项。\
        经审查，该信访事项属于本机关职权范围，本机关已于2026年10月2日按信访途径予以受理。本机关将听取你陈述事实和理由，调查核实后，依照《信访工作条例》第三十四条的规定，自受理之日起60日内办结并出具信访处理意见书；情况复杂的，经本机关负责人批准可以适当延长办理期限，延长期限不超过30日，并告知你延期理由。\
        根据《信访工作条例》第二十三条的规定，特此告知。\
        联系人：李四。\
        重庆市永川区住房和城乡建设委员会\
        2026年10月15日\
        —1—";
    assert_eq!(pdf_text(path), expected);
}

#[test]
fn each_kind_carries_its_own_content() {
    let l = TempLedger::new();
    for (kind, path, _) in all_kinds(&l) {
        let text = pdf_text(&path);
        let must: &[&str] = match kind {
            DocKind::AcceptanceNotice => &["信访事项受理告知书", "予以受理", "第二十三条"],
            DocKind::DeclineNotice => &[
                "信访事项不予受理告知书",
                "该事项已经人民法院作出生效判决，依法不属于信访受理范围",
                "依据《信访工作条例》第二十八条第二款、第三十一条",
                "决定不予受理",
                "你应当向重庆市永川区人民法院申请再审",
            ],
            DocKind::HandlingOpinion => &[
                "重庆市永川区住房和城乡建设委员会永住建信〔2026〕1号信访事项处理意见书",
                "30日内，向重庆市永川区人民政府请求复查（《信访工作条例》第三十五条）",
                "本机关予以支持",
                "2026年10月15日",
            ],
            DocKind::ReplyOpinion => &[
                "信访事项答复意见书",
                "依照行政复议程序受理",
                "自收到本答复意见书之日起15日内，向重庆市永川区人民法院提起行政诉讼",
            ],
            DocKind::ReplyLetter => &["关于张三反映问题的回复", "通过网上信访反映", "特此回复。"],
            DocKind::DeliveryReceipt => &[
                "送达回证",
                "信访件编号",
                "P-1",
                "《信访事项受理告知书》",
                "《信访事项处理意见书》（永住建信〔2026〕1号）",
                "受送达人签名或盖章",
                "拒收理由及见证人签名（留置送达）",
                "送达人签名",
                "送达方式及邮件号码",
                "本回证一式两份",
            ],
            DocKind::OtherStatutoryDocument => &[],
            // 条例 §34: the reason told to the petitioner; 条例 §22: the report to the sender.
            DocKind::ExtensionNotice => {
                &["信访事项延期办理告知书", "第三十四条", "经本机关负责人批准"]
            }
            DocKind::CompletionReport => &[
                "关于信访事项办理情况的报告",
                "重庆市永川区信访办转送的",
                "P-1",
                "特此报告。",
            ],
        };
        for m in must {
            assert!(text.contains(m), "{kind:?} lacks {m}: {text}");
        }
        assert!(
            !text.contains('{'),
            "{kind:?}: unfilled placeholder: {text}"
        );
    }
}

/// Words of page `page` (1-based) as (xMin, yMin, xMax, yMax, word) in pt from the top left.
fn words(pdf: &Path) -> Vec<(usize, f32, f32, f32, f32, String)> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().expect("path"), "-"]);
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        }
        if let Some(rest) = line.strip_prefix("<word ") {
            let num = |key: &str| -> f32 {
                let i = rest.find(&format!("{key}=\"")).expect(key) + key.len() + 2;
                let j = rest[i..].find('"').expect("quote") + i;
                rest[i..j].parse().expect("number")
            };
            let word = rest
                .split('>')
                .nth(1)
                .and_then(|w| w.split('<').next())
                .unwrap_or("")
                .to_string();
            out.push((
                page,
                num("xMin"),
                num("yMin"),
                num("xMax"),
                num("yMax"),
                word,
            ));
        }
    }
    out
}

#[test]
#[cfg_attr(windows, ignore = "needs pdftotext -bbox (poppler, Linux)")]
fn text_lies_within_the_gbt_9704_text_block() {
    let l = TempLedger::new();
    let mm = |v: f32| v * 72.0 / 25.4;
    for (kind, path, _) in all_kinds(&l) {
        for (page, x0, y0, x1, y1, w) in words(&path) {
            let is_page_no =
                w.contains('—') || (y0 > mm(262.0) && w.chars().all(|c| c.is_ascii_digit()));
            if is_page_no {
                assert!(y0 > mm(262.0), "{kind:?} page number {w} inside the block");
                continue;
            }
            let slack = mm(1.5);
            assert!(
                x0 >= mm(28.0) - slack && x1 <= mm(184.0) + slack,
                "{kind:?} p{page} “{w}” outside the margins: x {x0}..{x1}"
            );
            assert!(
                y0 >= mm(37.0) - slack && y1 <= mm(262.0) + slack,
                "{kind:?} p{page} “{w}” outside the margins: y {y0}..{y1}"
            );
        }
    }
}

/// Red pixels (r high, g and b low) in the top part of page 1 rendered at 40 dpi.
fn red_pixels_in_masthead(pdf: &Path, dir: &Path) -> usize {
    let prefix = dir.join(format!(
        "render-{}",
        pdf.file_stem().and_then(|s| s.to_str()).unwrap_or("x")
    ));
    tool(
        "pdftoppm",
        &[
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            pdf.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    );
    let img = image::open(prefix.with_extension("png"))
        .expect("png")
        .to_rgb8();
    let px_per_mm = 40.0 / 25.4;
    let (y0, y1) = ((37.0 * px_per_mm) as u32, (110.0 * px_per_mm) as u32);
    let mut n = 0;
    for y in y0..y1.min(img.height()) {
        for x in 0..img.width() {
            let p = img.get_pixel(x, y);
            if p[0] > 180 && p[1] < 90 && p[2] < 90 {
                n += 1;
            }
        }
    }
    n
}

#[test]
#[cfg_attr(windows, ignore = "renders pages with pdftoppm (poppler, Linux)")]
fn only_the_handling_opinion_has_a_red_masthead_and_separator() {
    let l = TempLedger::new();
    for (kind, path, _) in all_kinds(&l) {
        let red = red_pixels_in_masthead(&path, l.dir.path());
        if kind == DocKind::HandlingOpinion {
            assert!(red > 200, "{kind:?}: only {red} red pixels in the masthead");
        } else {
            assert_eq!(red, 0, "{kind:?} has red pixels");
        }
    }
}

fn big_words(pdf: &Path) -> String {
    words(pdf)
        .into_iter()
        .filter(|w| w.4 - w.2 > 60.0)
        .map(|w| w.5)
        .collect()
}

#[test]
#[cfg_attr(windows, ignore = "needs pdftotext -bbox (poppler, Linux)")]
fn a_handling_opinion_stays_a_draft_until_both_leaders_sign() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    decided(
        &mut desk,
        "P-2",
        "petition_channel",
        Purpose::Claim,
        &[DocKind::HandlingOpinion],
    );
    desk.doc_no_allocate(
        &DocNoRequest {
            prefix: Some("永住建信".into()),
            unit: None,
            year: None,
            case_no: Some("P-2".into()),
            kind: Some(DocKind::HandlingOpinion),
        },
        &now,
    )
    .expect("doc no");
    let e = desk
        .draft_document("P-2", &request(DocKind::HandlingOpinion, true), &now)
        .unwrap_err();
    assert_eq!(e.code(), "not_signed_off");
    assert!(e.to_string().contains("分管领导、主要领导"), "{e}");
    // A draft is allowed and carries the watermark.
    let d = desk
        .draft_document("P-2", &request(DocKind::HandlingOpinion, false), &now)
        .expect("draft");
    assert!(d.draft);
    let p = save(&l, &d, "draft.pdf");
    let marks = big_words(&p);
    assert!(
        marks.contains('草') && marks.contains('稿'),
        "watermark: {marks}"
    );

    write_text(&mut desk, "P-2", DocKind::HandlingOpinion);
    desk.signoff(
        "P-2",
        DocKind::HandlingOpinion,
        LeaderRole::SupervisingLeader,
        "刘分管",
        t("2026-10-15 10:00"),
        &now,
    )
    .expect("sup");
    let e = desk
        .draft_document("P-2", &request(DocKind::HandlingOpinion, true), &now)
        .unwrap_err();
    assert!(e.to_string().contains("缺：主要领导"), "{e}");
    desk.signoff(
        "P-2",
        DocKind::HandlingOpinion,
        LeaderRole::PrincipalLeader,
        "陈主要",
        t("2026-10-15 11:00"),
        &now,
    )
    .expect("prin");
    let d = desk
        .draft_document("P-2", &request(DocKind::HandlingOpinion, true), &now)
        .expect("final");
    let p = save(&l, &d, "final.pdf");
    assert_eq!(big_words(&p), "", "a final copy has no watermark");
    assert!(!pdf_text(&p).contains("草稿"));
}

#[test]
fn a_final_red_header_document_needs_a_doc_no() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    decided(
        &mut desk,
        "P-3",
        "petition_channel",
        Purpose::Claim,
        &[DocKind::HandlingOpinion],
    );
    sign_both(&mut desk, "P-3", DocKind::HandlingOpinion);
    let e = desk
        .draft_document("P-3", &request(DocKind::HandlingOpinion, true), &t(NOW))
        .unwrap_err();
    assert_eq!(e.code(), "doc_no_required");
}

#[test]
#[cfg_attr(windows, ignore = "needs pdftotext page breaks (poppler, Linux)")]
fn long_text_flows_onto_page_two_in_order_with_page_numbers() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    decided(&mut desk, "D-2", "direct_reply", Purpose::Suggestion, &[]);
    let para = "经了解，该小区电梯由物业公司负责日常维护保养，2026年以来共发生故障12次，其中“困人”故障2次；区住房城乡建委已责令物业公司限期整改（见附件1、附件2）。";
    let body: Vec<String> = (1..=12).map(|i| format!("{i}. {para}")).collect();
    let body = body.join("\n");
    let mut req = request(DocKind::ReplyLetter, true);
    req.body = Some(body.clone());
    let d = desk.draft_document("D-2", &req, &t(NOW)).expect("draft");
    assert!(d.pages >= 2, "{} pages", d.pages);
    let p = save(&l, &d, "long.pdf");
    let text = pdf_text(&p);
    assert!(text.contains("—1—") && text.contains("—2—"), "{text}");
    let mut flowed = text.clone();
    for n in 1..=d.pages {
        flowed = flowed.replace(&format!("—{n}—"), "");
    }
    let want: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flowed.contains(&want),
        "body not intact across pages:\n{flowed}"
    );
    // No line of the PDF starts with closing punctuation.
    let raw = tool("pdftotext", &[p.to_str().expect("path"), "-"]);
    for line in raw.lines() {
        if let Some(c) = line.trim().chars().next() {
            assert!(!is_no_start(c), "line starts with {c}: {line}");
        }
    }
}

fn accusation_case(desk: &mut Desk) {
    let now = t(NOW);
    let mut c = case("J-1")
        .purpose(Purpose::Accusation)
        .demand("举报某街道办工作人员违规收取费用")
        .build();
    c.petitioners = vec![Petitioner {
        name: "赵举报".into(),
        id_number: None,
        phone: Some("13900001111".into()),
        address: Some("永川区红河路8号".into()),
        representative: false,
    }];
    c.facts = Some("赵举报称，其于2026年8月办事时被收取费用200元。".into());
    desk.add_case(c, &now).expect("add");
    desk.sign_for("J-1", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide("J-1", "direct_reply", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
}

#[test]
fn a_confidential_case_never_names_the_accuser_to_anyone_else() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    accusation_case(&mut desk);
    let now = t(NOW);
    // To the accuser: the name is there.
    let d = desk
        .draft_document("J-1", &request(DocKind::ReplyLetter, false), &now)
        .expect("to accuser");
    assert!(!d.masked);
    assert!(pdf_text(&save(&l, &d, "own.pdf")).contains("赵举报"));
    // To anyone else — a letter and a receipt — nothing that identifies the accuser.
    for kind in [DocKind::ReplyLetter, DocKind::DeliveryReceipt] {
        let mut req = request(kind, false);
        req.recipient = Some("某街道办事处".into());
        req.body = Some("赵举报（电话13900001111）反映的问题已转你单位核查。".into());
        let d = desk.draft_document("J-1", &req, &now).expect("masked");
        assert!(d.masked);
        let text = pdf_text(&save(&l, &d, &format!("other-{}.pdf", kind.code())));
        for secret in ["赵举报", "13900001111", "红河路8号"] {
            assert!(!text.contains(secret), "{kind:?} shows {secret}: {text}");
        }
        assert!(text.contains("依法保密"), "{text}");
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs pdffonts (poppler, Linux)")]
fn a_name_missing_from_the_body_font_falls_back_or_is_refused() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    desk.add_case(
        case("K-1")
            .petitioner("王堃", None, None)
            .purpose(Purpose::Suggestion)
            .build(),
        &now,
    )
    .expect("add");
    desk.sign_for("K-1", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide("K-1", "direct_reply", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
    // Bundled GB2312 faces only, no fallback: refused with the character named.
    let bare = FontSet::load(&FontOptions {
        system: false,
        fallback: false,
        extra_dirs: Vec::new(),
    })
    .expect("bundled fonts");
    assert!(!bare.body.has('堃'));
    let e = desk
        .draft_document_with("K-1", &request(DocKind::ReplyLetter, false), &bare, &now)
        .unwrap_err();
    assert_eq!(e.code(), "missing_glyphs");
    assert!(e.to_string().contains('堃'), "{e}");
    // With a fuller system font (Noto CJK from fonts-noto-cjk), 堃 is printed from it.
    let full = FontSet::load(&FontOptions::default()).expect("fonts");
    if full.fallback().is_none() {
        eprintln!("no fallback font installed (fonts-noto-cjk); skipping the fallback half");
        return;
    }
    let d = desk
        .draft_document_with("K-1", &request(DocKind::ReplyLetter, false), &full, &now)
        .expect("fallback");
    assert_eq!(d.fallback_chars, vec!["堃".to_string()]);
    let p = save(&l, &d, "kun.pdf");
    assert!(pdf_text(&p).contains("王堃"));
    let fonts = tool("pdffonts", &[p.to_str().expect("path")]);
    assert_eq!(fonts.lines().count(), 2 + 3, "three subset faces: {fonts}");
}

#[test]
fn doc_numbers_are_never_reused_and_voids_stay_recorded() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    let req = |year| DocNoRequest {
        prefix: Some("永住建信".into()),
        unit: Some("永川区住房城乡建委".into()),
        year: Some(year),
        case_no: None,
        kind: None,
    };
    let a = desk.doc_no_allocate(&req(2026), &now).expect("1");
    let b = desk.doc_no_allocate(&req(2026), &now).expect("2");
    assert_eq!(
        (a.doc_no.as_str(), b.doc_no.as_str()),
        ("永住建信〔2026〕1号", "永住建信〔2026〕2号")
    );
    desk.doc_no_void(&b.doc_no, "排版有误，重新编号", &now)
        .expect("void");
    let e = desk.doc_no_void(&b.doc_no, "再次", &now).unwrap_err();
    assert_eq!(e.code(), "doc_no_voided");
    let c = desk.doc_no_allocate(&req(2026), &now).expect("3");
    assert_eq!(
        c.doc_no, "永住建信〔2026〕3号",
        "a voided number is not reissued"
    );
    let d = desk.doc_no_allocate(&req(2027), &now).expect("new year");
    assert_eq!(d.doc_no, "永住建信〔2027〕1号");
    let list = desk.doc_no_list(None, Some(2026)).expect("list");
    let states: Vec<(&str, &str)> = list
        .iter()
        .map(|r| (r.doc_no.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(
        states,
        [
            ("永住建信〔2026〕1号", "issued"),
            ("永住建信〔2026〕2号", "voided"),
            ("永住建信〔2026〕3号", "issued")
        ]
    );
    assert_eq!(
        l.count("SELECT count(*) FROM audit_log WHERE entity = 'doc_no'"),
        5
    );
    // The register refuses deletion at the database level.
    let conn = rusqlite::Connection::open(&l.path).expect("open");
    assert!(conn.execute("DELETE FROM doc_numbers", []).is_err());
}

#[test]
fn voiding_a_documents_number_frees_the_document_for_a_new_one() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    decided(
        &mut desk,
        "P-4",
        "petition_channel",
        Purpose::Claim,
        &[DocKind::HandlingOpinion],
    );
    let req = DocNoRequest {
        prefix: Some("永住建信".into()),
        unit: None,
        year: None,
        case_no: Some("P-4".into()),
        kind: Some(DocKind::HandlingOpinion),
    };
    let first = desk.doc_no_allocate(&req, &now).expect("first");
    assert_eq!(first.case_no.as_deref(), Some("P-4"));
    let e = desk.doc_no_allocate(&req, &now).unwrap_err();
    assert_eq!(e.code(), "out_of_order", "already numbered: {e}");
    desk.doc_no_void(&first.doc_no, "主送对象写错", &now)
        .expect("void");
    let second = desk.doc_no_allocate(&req, &now).expect("second");
    assert_eq!(second.doc_no, "永住建信〔2026〕2号");
    let view = desk.show_case("P-4", &now).expect("show");
    let recorded = view
        .case
        .documents
        .iter()
        .find(|d| d.kind == DocKind::HandlingOpinion)
        .and_then(|d| d.doc_no.clone());
    assert_eq!(recorded.as_deref(), Some("永住建信〔2026〕2号"));
}

#[test]
fn concurrent_allocations_from_two_threads_never_collide() {
    let l = TempLedger::new();
    drop(l.desk());
    let path = l.path.clone();
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut desk = Desk::open(&path, false)
                    .expect("open")
                    .with_actor(&format!("线程{i}"));
                let now = t(NOW);
                (0..15)
                    .map(|_| {
                        desk.doc_no_allocate(
                            &DocNoRequest {
                                prefix: Some("永信".into()),
                                unit: Some("永川区信访办".into()),
                                year: Some(2026),
                                case_no: None,
                                kind: None,
                            },
                            &now,
                        )
                        .expect("allocate")
                        .number
                    })
                    .collect::<Vec<i64>>()
            })
        })
        .collect();
    let mut all: Vec<i64> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("thread"))
        .collect();
    all.sort_unstable();
    assert_eq!(all, (1..=30).collect::<Vec<i64>>());
}

#[test]
fn a_units_own_template_replaces_the_bundled_one_without_a_rebuild() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    decided(&mut desk, "D-3", "direct_reply", Purpose::Suggestion, &[]);
    let dir = l.dir.path().join("templates");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("reply_letter.toml"),
        "title = \"关于{petitioner}来信的答复\"\naddressee = \"{petitioner}同志：\"\nbody = \"你的来信收悉。\"\nsignature = \"{unit}\"\ndate = \"{issue_date}\"\n",
    )
    .expect("write");
    let d = desk
        .draft_document("D-3", &request(DocKind::ReplyLetter, true), &t(NOW))
        .expect("draft");
    let text = pdf_text(&save(&l, &d, "own.pdf"));
    assert!(
        text.starts_with("关于张三来信的答复张三同志：你的来信收悉。"),
        "{text}"
    );
    std::fs::write(dir.join("reply_letter.toml"), "title = \"{no_such}\"\n").expect("write");
    let e = desk
        .draft_document("D-3", &request(DocKind::ReplyLetter, true), &t(NOW))
        .unwrap_err();
    assert_eq!(e.code(), "template");
    assert!(e.to_string().contains("no_such"), "{e}");
}

#[test]
fn the_cli_drafts_numbers_and_lists() {
    let l = TempLedger::new();
    {
        let mut desk = l.desk();
        decided(
            &mut desk,
            "P-5",
            "petition_channel",
            Purpose::Claim,
            &[DocKind::HandlingOpinion, DocKind::AcceptanceNotice],
        );
    }
    let o = xf(
        &l.path,
        NOW,
        &[
            "docno",
            "allocate",
            "--prefix",
            "永住建信",
            "--case",
            "P-5",
            "--kind",
            "handling_opinion",
        ],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    assert_eq!(stdout(&o).trim(), "永住建信〔2026〕1号");
    let out = l.dir.path().join("cli.pdf");
    let o = xf(
        &l.path,
        NOW,
        &[
            "draft",
            "P-5",
            "--kind",
            "handling_opinion",
            "--out",
            out.to_str().expect("p"),
        ],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    assert!(stdout(&o).contains("已生成草稿"), "{}", stdout(&o));
    assert!(pdf_text(&out).contains("永住建信〔2026〕1号"));
    let o = xf(
        &l.path,
        NOW,
        &[
            "draft",
            "P-5",
            "--kind",
            "handling_opinion",
            "--out",
            out.to_str().expect("p"),
            "--final",
        ],
    );
    assert!(!o.status.success());
    assert!(
        crate::util::stderr(&o).contains("尚未完成领导签批"),
        "{}",
        crate::util::stderr(&o)
    );
    let o = xf(
        &l.path,
        NOW,
        &[
            "docno",
            "void",
            "永住建信〔2026〕1号",
            "--reason",
            "作废测试",
        ],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    // Without --out the file is kept with the case, next to the ledger.
    let o = xf(
        &l.path,
        NOW,
        &["draft", "P-5", "--kind", "acceptance_notice"],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    let kept = l
        .dir
        .path()
        .join("文书")
        .join("P-5")
        .join("P-5-受理告知书-草稿.pdf");
    assert!(kept.is_file(), "{}", stdout(&o));
    let o = xf(&l.path, NOW, &["docno", "list"]);
    assert!(stdout(&o).contains("已作废（作废测试）"), "{}", stdout(&o));
}

#[test]
fn document_commands_are_dispatched_by_name() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    decided(&mut desk, "D-4", "direct_reply", Purpose::Suggestion, &[]);
    let out = l.dir.path().join("api.pdf");
    let v = xinfang::api::dispatch(
        &mut desk,
        "document_draft",
        serde_json::json!({"case_no": "D-4", "kind": "reply_letter", "out": out.to_str().expect("p")}),
        &t(NOW),
    )
    .expect("draft");
    assert_eq!(v["draft"], true);
    assert!(pdf_text(&out).contains("特此回复"));
    let v = xinfang::api::dispatch(
        &mut desk,
        "doc_no_allocate",
        serde_json::json!({"prefix": "永信", "unit": "永川区信访办"}),
        &t(NOW),
    )
    .expect("allocate");
    assert_eq!(v["doc_no"], "永信〔2026〕1号");
}

/// Prints a 送达回证 to a real CUPS queue backed by cups-pdf (set up by scripts/test.sh as
/// `XinfangPDF`) and finds the job's output file.
#[test]
#[cfg_attr(windows, ignore = "prints to a CUPS queue (Linux)")]
fn a_delivery_receipt_prints_to_a_real_cups_queue() {
    let printer = std::env::var("XINFANG_TEST_PRINTER").unwrap_or_else(|_| "XinfangPDF".into());
    let ready = Command::new("lpstat")
        .args(["-p", &printer])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ready {
        eprintln!("no CUPS queue {printer}; scripts/test.sh sets one up — skipping");
        return;
    }
    let l = TempLedger::new();
    let docs = all_kinds(&l);
    let (_, receipt, _) = docs
        .iter()
        .find(|(k, _, _)| *k == DocKind::DeliveryReceipt)
        .expect("receipt");
    let o = xf(
        &l.path,
        NOW,
        &["print", receipt.to_str().expect("p"), "--printer", &printer],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    let answer = stdout(&o);
    let job = answer
        .split(&format!("{printer}-"))
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("job id")
        .to_string();
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let dirs = [
        PathBuf::from(&home).join("PDF"),
        PathBuf::from("/var/spool/cups-pdf/ANONYMOUS"),
    ];
    let suffix = format!("-job_{job}.pdf");
    for _ in 0..100 {
        for d in &dirs {
            if let Ok(entries) = std::fs::read_dir(d) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.ends_with(&suffix) && e.metadata().map(|m| m.len() > 0).unwrap_or(false)
                    {
                        std::thread::sleep(std::time::Duration::from_millis(300));
                        // cups-pdf re-renders through Ghostscript (Type 3 glyphs, no text
                        // layer): check the printed page itself.
                        let info = tool("pdfinfo", &[e.path().to_str().expect("path")]);
                        assert!(info.contains("Pages:           1"), "{info}");
                        assert!(info.contains("(A4)"), "{info}");
                        return;
                    }
                }
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!("job {job} produced no output in {dirs:?}");
}

fn width(c: char) -> f32 {
    if c.is_ascii() { 0.5 } else { 1.0 }
}

proptest! {
    #[test]
    fn the_line_breaker_keeps_every_character_in_order_and_never_starts_a_line_with_closing_punctuation(
        text in "[一二三四五六七八九十信访事项abc0-9，。、；：？！”）》“（《…—]{0,300}",
        measure in 2.0f32..30.0,
        indent in 0usize..3,
    ) {
        let chars: Vec<char> = text.chars().collect();
        let lines = break_lines(&chars, measure, indent as f32, width);
        let mut next = 0;
        for (i, l) in lines.iter().enumerate() {
            prop_assert_eq!(l.start, next);
            prop_assert!(l.end > l.start);
            next = l.end;
            if i > 0 {
                prop_assert!(!is_no_start(chars[l.start]), "line {} starts with {}", i, chars[l.start]);
            }
        }
        prop_assert_eq!(next, chars.len());
        let joined: String = lines.iter().map(|l| chars[l.start..l.end].iter().collect::<String>()).collect();
        prop_assert_eq!(joined, text);
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs pdftotext page breaks (poppler, Linux)")]
fn the_signature_never_stands_alone_on_a_page() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    decided(&mut desk, "D-5", "direct_reply", Purpose::Suggestion, &[]);
    let sentence = "经了解，该小区电梯由物业公司负责日常维护保养，已责令限期整改。";
    for n in 8..=16 {
        let mut req = request(DocKind::ReplyLetter, true);
        req.body = Some(vec![sentence; n].join("\n"));
        let d = desk.draft_document("D-5", &req, &t(NOW)).expect("draft");
        let p = save(&l, &d, &format!("sig-{n}.pdf"));
        let last = d.pages.to_string();
        let text = tool(
            "pdftotext",
            &["-f", &last, "-l", &last, p.to_str().expect("path"), "-"],
        );
        assert!(
            text.contains("整改"),
            "{n} paragraphs: the last page holds only the signature:\n{text}"
        );
    }
}

#[test]
fn concurrent_allocations_from_two_processes_never_collide() {
    let l = TempLedger::new();
    drop(l.desk());
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let path = l.path.clone();
            std::thread::spawn(move || {
                (0..8)
                    .map(|_| {
                        let o = xf(
                            &path,
                            NOW,
                            &[
                                "docno",
                                "allocate",
                                "--prefix",
                                "永信",
                                "--unit",
                                "永川区信访办",
                            ],
                        );
                        assert!(o.status.success(), "{}", crate::util::stderr(&o));
                        stdout(&o).trim().to_string()
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    let mut all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("thread"))
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 16, "{all:?}");
    let mut want: Vec<String> = (1..=16).map(|n| format!("永信〔2026〕{n}号")).collect();
    want.sort();
    assert_eq!(all, want);
}

#[test]
fn the_units_installed_official_fonts_are_preferred_to_the_bundled_ones() {
    // Stand-ins under the official file names, found case-insensitively.
    let dir = tempfile::tempdir().expect("tempdir");
    let fang = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/FandolFang-Regular.otf");
    std::fs::copy(&fang, dir.path().join("simfang.ttf")).expect("copy");
    std::fs::copy(&fang, dir.path().join("FZXBSJW.TTF")).expect("copy");
    let fonts = FontSet::load(&FontOptions {
        system: true,
        fallback: false,
        extra_dirs: vec![dir.path().to_path_buf()],
    })
    .expect("fonts");
    assert!(
        fonts.body.source.ends_with("simfang.ttf"),
        "{}",
        fonts.body.source
    );
    assert!(
        fonts.title.source.ends_with("FZXBSJW.TTF"),
        "{}",
        fonts.title.source
    );
    let bundled = FontSet::load(&FontOptions {
        system: false,
        fallback: false,
        extra_dirs: vec![dir.path().to_path_buf()],
    })
    .expect("fonts");
    assert!(
        bundled.body.source.contains("内置"),
        "{}",
        bundled.body.source
    );
}

#[test]
#[cfg_attr(windows, ignore = "needs pdffonts (poppler, Linux)")]
fn numbered_headings_are_set_in_heiti_when_a_heiti_face_is_installed() {
    let fonts = FontSet::load(&FontOptions::default()).expect("fonts");
    if fonts
        .face(xinfang::documents::fonts::Face::Heading)
        .is_none()
    {
        eprintln!("no 黑体 / Noto Sans CJK installed; headings stay in the body face — skipping");
        return;
    }
    let l = TempLedger::new();
    let mut desk = l.desk();
    decided(
        &mut desk,
        "P-6",
        "petition_channel",
        Purpose::Claim,
        &[DocKind::HandlingOpinion],
    );
    let d = desk
        .draft_document_with(
            "P-6",
            &request(DocKind::HandlingOpinion, false),
            &fonts,
            &t(NOW),
        )
        .expect("draft");
    let p = save(&l, &d, "headings.pdf");
    let listing = tool("pdffonts", &[p.to_str().expect("path")]);
    assert_eq!(
        listing.lines().count(),
        2 + 3,
        "body, title and heading faces: {listing}"
    );
    assert!(pdf_text(&p).contains("一、投诉请求。"));
}

#[test]
fn font_settings_pick_the_faces_and_a_wrong_folder_is_refused() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    decided(
        &mut desk,
        "F-1",
        "petition_channel",
        Purpose::Claim,
        &[DocKind::AcceptanceNotice],
    );

    let bundled = desk
        .set_font_settings(
            FontSettings {
                bundled_only: true,
                folder: None,
            },
            &now,
        )
        .expect("bundled only");
    assert_eq!(bundled.faces[0].source, "内置 FandolFang");
    assert_eq!(bundled.faces[1].source, "内置 FandolSong");
    assert!(
        bundled
            .advice
            .as_deref()
            .is_some_and(|a| a.contains("内置"))
    );

    // A folder holding the unit's 仿宋 (here the bundled face under the official file name).
    let fonts = l.dir.path().join("公文字体");
    std::fs::create_dir(&fonts).expect("mkdir");
    let face = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/FandolFang-Regular.otf");
    std::fs::copy(&face, fonts.join("SIMFANG.TTF")).expect("copy font");
    let status = desk
        .set_font_settings(
            FontSettings {
                bundled_only: false,
                folder: Some(fonts.clone()),
            },
            &now,
        )
        .expect("folder");
    assert!(
        status.faces[0].source.ends_with("SIMFANG.TTF"),
        "{status:?}"
    );
    assert!(status.faces[0].official);
    let title_found = status.faces[1].official;
    assert_eq!(status.advice.is_some(), !title_found, "{status:?}");

    // The next document uses the folder's face without a restart.
    let d = desk
        .draft_document("F-1", &request(DocKind::AcceptanceNotice, false), &now)
        .expect("draft");
    let pdf = save(&l, &d, "fonts.pdf");
    assert!(pdf_text(&pdf).contains("受理告知书"));

    // A folder that does not exist is refused with what to do; the stored choice stays.
    let err = desk
        .set_font_settings(
            FontSettings {
                bundled_only: false,
                folder: Some(l.dir.path().join("没有这个文件夹")),
            },
            &now,
        )
        .expect_err("missing folder");
    assert!(err.to_string().contains("字体文件夹"), "{err}");
    assert_eq!(desk.font_settings().expect("settings").folder, Some(fonts));

    // The same through the command surface, as the settings page calls it.
    let v = xinfang::api::dispatch(&mut desk, "fonts_status", serde_json::json!({}), &now)
        .expect("fonts_status");
    assert_eq!(v["faces"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["settings"]["bundled_only"], false);
}

// ---- Issue #15: templates true to 《信访工作条例》 -------------------------------------------

fn text_for(l: &TempLedger, desk: &mut Desk, no: &str, req: &DraftRequest, name: &str) -> String {
    let d = desk
        .draft_document(no, req, &t(NOW))
        .unwrap_or_else(|e| panic!("{no} {:?}: {e}", req.kind));
    pdf_text(&save(l, &d, name))
}

#[test]
fn statutory_acceptance_notice_names_the_procedure_not_sixty_days() {
    // 条例 §31(一)–(五): the procedure's own time limits apply, not §34's 60 days.
    let l = TempLedger::new();
    let mut desk = l.desk();
    decided(
        &mut desk,
        "S-2",
        "statutory_channel",
        Purpose::Claim,
        &[DocKind::AcceptanceNotice],
    );
    let mut req = request(DocKind::AcceptanceNotice, false);
    req.vars
        .insert("legal_procedure".into(), "劳动人事争议仲裁程序".into());
    let text = text_for(&l, &mut desk, "S-2", &req, "s2.pdf");
    assert!(text.contains("应当通过劳动人事争议仲裁程序处理"), "{text}");
    assert!(text.contains("第三十一条"), "{text}");
    assert!(!text.contains("60日"), "{text}");
}

#[test]
fn decline_notice_picks_a_lawful_ground_with_its_article_and_where_to_go() {
    // 条例 §36 ¶3 (复核后同一事实和理由，不再受理) picked from the list; the "应向…" line is
    // required for a final copy (条例 §23 ¶1).
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    desk.add_case(case("G-1").arrived("2026-09-30 16:20").build(), &now)
        .expect("add");
    desk.sign_for("G-1", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide_with(
        "G-1",
        "decline",
        t("2026-10-02 10:00"),
        None,
        xinfang::api::DecideDetails {
            ground: Some(xinfang::domain::DeclineGround::ReReviewed),
            redirect_to: None,
            ..Default::default()
        },
        &now,
    )
    .expect("decide");
    doc(&mut desk, "G-1", DocKind::DeclineNotice);
    let e = desk
        .draft_document("G-1", &request(DocKind::DeclineNotice, true), &now)
        .unwrap_err();
    assert!(e.to_string().contains("应向"), "{e}");
    let text = text_for(
        &l,
        &mut desk,
        "G-1",
        &request(DocKind::DeclineNotice, false),
        "g1.pdf",
    );
    assert!(
        text.contains("依据《信访工作条例》第三十六条第三款"),
        "{text}"
    );
    assert!(text.contains("决定不予受理"), "{text}");
}

#[test]
fn handling_opinion_final_names_the_review_body_and_a_stance() {
    // 条例 §32: 支持 / 解释说明 / 不予支持; §35: 复查 by the named next-higher body.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    decided(
        &mut desk,
        "H-1",
        "petition_channel",
        Purpose::Claim,
        &[DocKind::HandlingOpinion],
    );
    desk.doc_no_allocate(
        &DocNoRequest {
            prefix: Some("永住建信".into()),
            unit: None,
            year: None,
            case_no: Some("H-1".into()),
            kind: Some(DocKind::HandlingOpinion),
        },
        &now,
    )
    .expect("doc no");
    // The values are saved with the text the leaders approve.
    let save = |desk: &mut Desk, vars: &[(&str, &str)]| {
        let vars = vars
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        desk.document_save("H-1", DocKind::HandlingOpinion, None, vars, &now)
            .expect("save");
        let mut body = desk
            .document_text("H-1", DocKind::HandlingOpinion, &now)
            .expect("text")
            .template;
        for p in xinfang::documents::fill_in_prompts([body.clone().as_str()]) {
            if !p.starts_with('{') {
                body = body.replace(&p, "电梯确已停运两个月");
            }
        }
        let vars = desk.show_case("H-1", &now).expect("show").case.documents[0]
            .vars
            .clone();
        desk.document_save("H-1", DocKind::HandlingOpinion, Some(body), vars, &now)
            .expect("save body");
    };
    let sign = |desk: &mut Desk| {
        for (role, name, at) in [
            (LeaderRole::SupervisingLeader, "刘分管", "2026-10-15 10:00"),
            (LeaderRole::PrincipalLeader, "陈主要", "2026-10-15 11:00"),
        ] {
            desk.signoff("H-1", DocKind::HandlingOpinion, role, name, t(at), &now)
                .expect("sign");
        }
    };
    save(&mut desk, &[("stance", "不予支持")]);
    sign(&mut desk);
    let mut req = DraftRequest::new(DocKind::HandlingOpinion);
    req.final_copy = true;
    let e = desk.draft_document("H-1", &req, &now).unwrap_err();
    assert!(e.to_string().contains("复查机关"), "{e}");
    save(
        &mut desk,
        &[
            ("stance", "不予支持"),
            ("review_office", "重庆市永川区人民政府"),
        ],
    );
    sign(&mut desk);
    let text = text_for(&l, &mut desk, "H-1", &req, "h1.pdf");
    assert!(text.contains("本机关不予支持"), "{text}");
    assert!(text.contains("向重庆市永川区人民政府请求复查"), "{text}");
    save(&mut desk, &[("review_office", "重庆市永川区人民政府")]);
    let e = desk.draft_document("H-1", &req, &now).unwrap_err();
    assert!(e.to_string().contains("支持"), "{e}");
}

#[test]
fn reply_letter_wording_follows_the_form() {
    // domain.md §7: a 来访 is not a "来信".
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    let mut c = case("V-1").purpose(Purpose::Suggestion).build();
    c.form = xinfang::domain::Form::Visit;
    c.source = xinfang::domain::Source::Direct;
    desk.add_case(c, &now).expect("add");
    desk.decide("V-1", "direct_reply", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
    doc(&mut desk, "V-1", DocKind::ReplyLetter);
    let text = text_for(
        &l,
        &mut desk,
        "V-1",
        &request(DocKind::ReplyLetter, false),
        "v1.pdf",
    );
    assert!(text.contains("你于2026年9月30日来访反映的"), "{text}");
    assert!(!text.contains("来信"), "{text}");
}

#[test]
fn petition_date_is_distinct_from_the_arrival_date() {
    // The 信访日期 is when the petitioner wrote; the arrival is when the item reached us.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    let mut c = case("PDT-1").arrived("2026-09-30 16:20").build();
    c.petition_date = Some(xinfang::time::parse_date("2026-09-25").expect("date"));
    desk.add_case(c, &now).expect("add");
    desk.sign_for("PDT-1", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide(
        "PDT-1",
        "petition_channel",
        t("2026-10-02 10:00"),
        None,
        &now,
    )
    .expect("decide");
    doc(&mut desk, "PDT-1", DocKind::AcceptanceNotice);
    let text = text_for(
        &l,
        &mut desk,
        "PDT-1",
        &request(DocKind::AcceptanceNotice, false),
        "pdt.pdf",
    );
    assert!(
        text.contains("你于2026年9月25日以网上信访形式反映的"),
        "{text}"
    );
    assert!(text.contains("本机关于2026年9月30日收到"), "{text}");
}

#[test]
fn other_statutory_document_has_a_free_title_and_fills_the_statutory_slot() {
    // N §三.四: 答复意见书（或其他法定文书）; a 处理意见书 no longer fills that slot.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    decided(&mut desk, "O-1", "statutory_channel", Purpose::Claim, &[]);
    let e = desk
        .record_document(
            "O-1",
            DocumentInput {
                kind: DocKind::HandlingOpinion,
                doc_no: None,
                title: None,
                issued_at: None,
            },
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("不使用"), "{e}");
    let e = desk
        .record_document(
            "O-1",
            DocumentInput {
                kind: DocKind::OtherStatutoryDocument,
                doc_no: Some("永劳人仲案字〔2026〕15号".into()),
                title: None,
                issued_at: None,
            },
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("名称"), "{e}");
    desk.record_document(
        "O-1",
        DocumentInput {
            kind: DocKind::OtherStatutoryDocument,
            doc_no: Some("永劳人仲案字〔2026〕15号".into()),
            title: Some("仲裁裁决书".into()),
            issued_at: Some(t("2026-10-15 09:00")),
        },
        &now,
    )
    .expect("other statutory document");
    let text = text_for(
        &l,
        &mut desk,
        "O-1",
        &request(DocKind::OtherStatutoryDocument, false),
        "o1.pdf",
    );
    assert!(text.contains("仲裁裁决书"), "{text}");
    assert!(text.contains("永劳人仲案字〔2026〕15号"), "{text}");
}

#[test]
fn delivery_receipt_records_mail_number_refusal_server_and_signed_date() {
    // domain.md §7: 信访件编号, 邮件号码 for 邮寄, 拒收理由 and 见证人 for 留置, 送达人, 签收日期.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    decided(
        &mut desk,
        "R-9",
        "petition_channel",
        Purpose::Claim,
        &[DocKind::AcceptanceNotice, DocKind::DeliveryReceipt],
    );
    desk.deliver(
        "R-9",
        xinfang::api::DeliveryInput {
            at: t("2026-10-16 09:00"),
            receipt_refused: false,
            method: xinfang::domain::DeliveryMethod::Mail,
            place: None,
            recipient: "张三".into(),
            documents: vec![DocKind::AcceptanceNotice],
            receipt_signed: true,
            proxy_reason: None,
            witness: None,
            signed_on: Some(xinfang::time::parse_date("2026-10-18").expect("date")),
            tracking_no: Some("1180012345678".into()),
            refusal_reason: None,
            server: Some("王五".into()),
        },
        &now,
    )
    .expect("deliver");
    let text = text_for(
        &l,
        &mut desk,
        "R-9",
        &request(DocKind::DeliveryReceipt, false),
        "r9.pdf",
    );
    for m in [
        "信访件编号",
        "R-9",
        "邮寄送达",
        "1180012345678",
        "签收日期：2026年10月18日",
        "王五",
    ] {
        assert!(text.contains(m), "lacks {m}: {text}");
    }
    assert!(!text.contains("—2—"), "a receipt is one page: {text}");
    assert!(text.contains("邮件号码"), "{text}");
}

/// Regenerates docs/samples/: the six notices of one realistic file, rendered at 60 dpi as
/// before (`pdftoppm -r 60 -png`), with the PDFs' text beside them for reading.
#[test]
#[ignore = "writes docs/samples/; run by hand after a template change"]
fn write_samples() {
    let l = TempLedger::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/samples");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for old in std::fs::read_dir(&dir).expect("read") {
        let p = old.expect("entry").path();
        if p.extension().is_some_and(|e| e == "png" || e == "txt") {
            std::fs::remove_file(p).expect("remove");
        }
    }
    for (i, (kind, path, _)) in all_kinds(&l).into_iter().enumerate() {
        let stem = format!("{}-{}", i + 1, kind.code());
        let prefix = dir.join(&stem);
        tool(
            "pdftoppm",
            &[
                "-r",
                "60",
                "-png",
                path.to_str().expect("path"),
                prefix.to_str().expect("prefix"),
            ],
        );
        let text = tool("pdftotext", &["-layout", path.to_str().expect("path"), "-"]);
        std::fs::write(dir.join(format!("{stem}.txt")), text).expect("txt");
    }
}
