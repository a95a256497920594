//! The six notices as official PDFs (domain.md §3, §7; GB/T 9704-2012): templates as data,
//! the page layout, fonts with per-character fallback, the PDF writer and the 文号 register.
//! [`draft`] is pure: the case, the request, the fonts and `now` in; PDF bytes out.

pub mod fonts;
pub mod layout;
pub mod linebreak;
pub mod pdf;
pub mod printing;
pub mod register;
pub mod sheet;
pub mod templates;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::{Case, DeclineGround, DocKind, LeaderRole};
use crate::error::{Error, Result};
use crate::time::{Time, china_date, date_zh};
pub use fonts::{FaceInfo, FontOptions, FontSet, FontSettings};
pub use layout::Composition;

/// What the clerk asks for.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    pub kind: DocKind,
    /// A final copy (no watermark): needs the two sign-offs and, for a red header, the 文号.
    #[serde(default, rename = "final")]
    #[ts(as = "Option<bool>", optional)]
    pub final_copy: bool,
    /// The body as edited by the clerk (one paragraph per line); replaces the template's.
    #[serde(default)]
    pub body: Option<String>,
    /// Whom the document is addressed to, when not the petitioner (a confidential case's
    /// accuser is then masked everywhere in the document).
    #[serde(default)]
    pub recipient: Option<String>,
    /// Values for placeholders such as `review_office` (the 复查 office).
    #[serde(default)]
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub vars: BTreeMap<String, String>,
    /// For a 送达回证: the documents served together (default: the latest delivery's, or
    /// every document of the case).
    #[serde(default)]
    #[ts(as = "Option<Vec<DocKind>>", optional)]
    pub served: Vec<DocKind>,
}

impl DraftRequest {
    pub fn new(kind: DocKind) -> Self {
        DraftRequest {
            kind,
            final_copy: false,
            body: None,
            recipient: None,
            vars: BTreeMap::new(),
            served: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Drafted {
    #[serde(skip)]
    pub pdf: Vec<u8>,
    pub kind: DocKind,
    pub title: String,
    pub pages: usize,
    pub bytes: usize,
    /// A draft carries the "草稿" watermark.
    pub draft: bool,
    pub doc_no: Option<String>,
    /// The accuser's identity was masked (confidential case, someone else addressed).
    pub masked: bool,
    /// Characters printed with the fallback font.
    pub fallback_chars: Vec<String>,
    pub fonts: Vec<String>,
    /// Suggested file name: `<信访件编号>-<文书名称>.pdf` (domain.md §3).
    pub file_name: String,
}

/// 处理意见书 and 答复意见书 are decisions: final only after 分管领导 then 主要领导 (N §三.三).
/// This is the default scope; a unit's stricter `signoff_scope` goes to [`draft_scoped`].
pub fn final_needs_signoff(kind: DocKind) -> bool {
    DocKind::SIGNOFF_DEFAULT.contains(&kind)
}

const MASK: &str = "（依法保密）";

/// Drafts one document of `case`. `templates_dir` is the unit's folder of replacement
/// templates (checked first); `unit_leaders` fill `{supervising_leader}` and
/// `{principal_leader}` when the document has no sign-off yet.
pub fn draft(
    case: &Case,
    req: &DraftRequest,
    templates_dir: Option<&Path>,
    unit_leaders: &[(LeaderRole, String)],
    fonts: &FontSet,
    now: &Time,
) -> Result<Drafted> {
    draft_scoped(
        case,
        req,
        templates_dir,
        unit_leaders,
        DocKind::SIGNOFF_DEFAULT,
        fonts,
        now,
    )
}

/// What a document says before it is laid out: the template, the values, the body's
/// paragraphs (with the closing) and to whom it is addressed.
struct Prepared {
    tpl: templates::Template,
    vars: BTreeMap<String, String>,
    paragraphs: Vec<String>,
    doc_no: Option<String>,
    masked: bool,
    file: String,
}

/// The request as the ledger completes it: the clerk's saved body and values unless the
/// request brings its own.
fn effective(case: &Case, req: &DraftRequest) -> DraftRequest {
    let mut r = req.clone();
    if let Some(doc) = case.documents.iter().find(|d| d.kind == req.kind) {
        if r.body.is_none() {
            r.body = doc.body.clone().filter(|b| !b.trim().is_empty());
        }
        for (k, v) in &doc.vars {
            r.vars.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    r
}

fn prepare(
    case: &Case,
    req: &DraftRequest,
    templates_dir: Option<&Path>,
    unit_leaders: &[(LeaderRole, String)],
    now: &Time,
) -> Result<Prepared> {
    let kind = req.kind;
    let tpl = templates::load(kind, templates_dir)?;
    let doc = case.documents.iter().find(|d| d.kind == kind);
    let doc_no = doc.and_then(|d| d.doc_no.clone());
    // Whom it is addressed to; a confidential case masks the accuser on anything else.
    let names: Vec<String> = case
        .info
        .petitioners
        .iter()
        .map(|p| p.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let delivery = case.deliveries.last();
    let recipient = req
        .recipient
        .clone()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .or_else(|| {
            (kind == DocKind::DeliveryReceipt)
                .then(|| delivery.map(|d| d.recipient.trim().to_string()))
                .flatten()
        });
    let addressed_to_petitioner = recipient.as_ref().is_none_or(|r| names.contains(r));
    let masked = case.confidential && !addressed_to_petitioner;

    let mut vars = vars_for(
        case,
        req,
        doc_no.as_deref(),
        unit_leaders,
        now,
        templates_dir,
    )?;
    for (k, v) in &tpl.defaults {
        vars.entry(k.clone()).or_insert_with(|| v.clone());
    }
    for (k, v) in &req.vars {
        vars.insert(k.clone(), v.clone());
    }
    let petitioner = if masked {
        MASK.to_string()
    } else {
        vars.get("petitioner").cloned().unwrap_or_default()
    };
    vars.insert("petitioner".into(), petitioner.clone());
    vars.insert(
        "recipient".into(),
        recipient.clone().unwrap_or_else(|| petitioner.clone()),
    );
    vars.insert(
        "addressee_name".into(),
        recipient.clone().unwrap_or(petitioner),
    );
    let file = format!("{}.toml", kind.code());
    let fill = |s: &str| templates::fill(&file, s, &vars, true);
    let statutory = case.method == Some(crate::domain::Method::StatutoryChannel);
    let body_text = match (&req.body, &tpl.statutory_body) {
        (Some(b), _) => templates::fill(&file, b, &vars, false)?,
        (None, Some(sb)) if statutory => fill(sb)?,
        (None, _) => fill(&tpl.body)?,
    };
    let mut paragraphs: Vec<String> = body_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if let Some(c) = &tpl.closing {
        paragraphs.extend(
            fill(c)?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
    }
    Ok(Prepared {
        tpl,
        vars,
        paragraphs,
        doc_no,
        masked,
        file,
    })
}

/// The document's text as a leader reads it (body and closing, one paragraph a line), with
/// the clerk's saved body and values: what a sign-off approves (issue #21 §1).
pub fn body_text(
    case: &Case,
    kind: DocKind,
    templates_dir: Option<&Path>,
    unit_leaders: &[(LeaderRole, String)],
    now: &Time,
) -> Result<String> {
    let req = effective(case, &DraftRequest::new(kind));
    Ok(prepare(case, &req, templates_dir, unit_leaders, now)?
        .paragraphs
        .join("\n"))
}

/// The template's body filled for this case: what 编辑正文 opens with (issue #21 §2).
pub fn template_body(
    case: &Case,
    kind: DocKind,
    templates_dir: Option<&Path>,
    unit_leaders: &[(LeaderRole, String)],
    now: &Time,
) -> Result<String> {
    let mut req = DraftRequest::new(kind);
    if let Some(doc) = case.documents.iter().find(|d| d.kind == kind) {
        req.vars = doc.vars.clone();
    }
    let mut p = prepare(case, &req, templates_dir, unit_leaders, now)?;
    // What the clerk picks beside the text stays live: the 条例 §32 stance and the 复查 office.
    for key in LIVE_VALUES {
        p.vars.insert(
            key.to_string(),
            format!("{{{}}}", templates::shown_name(key)),
        );
    }
    let statutory = case.method == Some(crate::domain::Method::StatutoryChannel);
    let raw = match &p.tpl.statutory_body {
        Some(sb) if statutory => sb,
        _ => &p.tpl.body,
    };
    Ok(templates::fill(&p.file, raw, &p.vars, true)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Placeholders 编辑正文 keeps in the text: their values are chosen beside it.
const LIVE_VALUES: [&str; 2] = ["stance_sentence", "review_office"];

/// SHA-256 (hex) of a document's text.
pub fn text_sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(text.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Fill-in prompts left in a text: "（请填写…）", "（请选择…）", a template default such as
/// "（复查机关：…）" and an unknown `{placeholder}`, each once, in order.
pub fn fill_in_prompts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for text in texts {
        let mut rest = text;
        while let Some(i) = rest.find('（') {
            let after = &rest[i + '（'.len_utf8()..];
            let Some(j) = after.find('）') else { break };
            let inner = &after[..j];
            if inner.starts_with("请") || inner.starts_with("复查机关：") || inner == "文号待编"
            {
                push(format!("（{inner}）"));
            }
            rest = &after[j + '）'.len_utf8()..];
        }
        let mut rest = text;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else { break };
            let name = &after[..j];
            if (!name.is_empty()
                && name.len() <= 40
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                || templates::alias(name).is_some()
            {
                push(format!("{{{name}}}"));
            }
            rest = &after[j + 1..];
        }
    }
    out
}

/// Whether each sign-off of a document still stands: one recorded with a hash stands only
/// while the text hashes the same (a sign-off from before texts were bound stands).
pub fn mark_void_signoffs(doc: &mut crate::domain::Document, current_sha256: &str) {
    for s in &mut doc.signoffs {
        s.void = s
            .body_sha256
            .as_deref()
            .is_some_and(|h| h != current_sha256);
    }
}

/// [`draft`] with the unit's sign-off scope (N §三.三; setting `signoff_scope`).
pub fn draft_scoped(
    case: &Case,
    req: &DraftRequest,
    templates_dir: Option<&Path>,
    unit_leaders: &[(LeaderRole, String)],
    signoff_scope: &[DocKind],
    fonts: &FontSet,
    now: &Time,
) -> Result<Drafted> {
    let kind = req.kind;
    let req = &effective(case, req);
    let Prepared {
        tpl,
        vars,
        paragraphs,
        doc_no,
        masked,
        file,
    } = prepare(case, req, templates_dir, unit_leaders, now)?;
    let doc = case.documents.iter().find(|d| d.kind == kind);
    if req.final_copy && kind.can_be_signed_off() && signoff_scope.contains(&kind) {
        let roles = [LeaderRole::SupervisingLeader, LeaderRole::PrincipalLeader];
        let missing: Vec<&str> = roles
            .into_iter()
            .filter(|r| !doc.is_some_and(|d| d.signoffs.iter().any(|s| s.role == *r)))
            .map(|r| r.label())
            .collect();
        if !missing.is_empty() {
            return Err(Error::NotSignedOff {
                document: kind.label().to_string(),
                missing: missing.join("、"),
            });
        }
    }
    if req.final_copy && tpl.requires_doc_no && doc_no.is_none() {
        return Err(Error::DocNoRequired(kind.label().to_string()));
    }
    if req.final_copy {
        for name in &tpl.required_for_final {
            let v = vars.get(name).map(|v| v.trim()).unwrap_or("");
            let default = tpl.defaults.get(name).map(|d| d.trim());
            let bad_stance = name == "stance" && stance_sentence(v).is_none();
            if v.is_empty() || default == Some(v) || bad_stance {
                return Err(Error::invalid(
                    format!("{}正式版", kind.label()),
                    format!(
                        "须先填写“{}”（{}），草稿可以先打印",
                        required_label(name),
                        name
                    ),
                ));
            }
        }
    }
    let fill = |s: &str| templates::fill(&file, s, &vars, true);
    let mut comp = Composition {
        masthead: if tpl.red_header {
            Some(fill(tpl.masthead.as_deref().unwrap_or("{unit}"))?)
        } else {
            None
        },
        doc_no: if tpl.show_doc_no {
            Some(doc_no.clone().unwrap_or_else(|| "（文号待编）".into()))
                .filter(|_| doc_no.is_some() || tpl.red_header || !req.final_copy)
        } else {
            None
        },
        title: fill(&tpl.title)?,
        addressee: tpl.addressee.as_deref().map(fill).transpose()?,
        paragraphs,
        table: tpl
            .table
            .iter()
            .map(|(l, c)| Ok((fill(l)?, fill(c)?)))
            .collect::<Result<_>>()?,
        signature: tpl.signature.as_deref().map(fill).transpose()?,
        date: tpl.date.as_deref().map(fill).transpose()?,
        note: tpl.note.as_deref().map(fill).transpose()?,
        watermark: !req.final_copy,
        compact_table: false,
    };
    // 正式文书 carry no fill-in prompt (issue #21 §1): each one is named.
    if req.final_copy {
        let prompts = fill_in_prompts(
            comp.masthead
                .iter()
                .chain(comp.doc_no.iter())
                .chain(std::iter::once(&comp.title))
                .chain(comp.addressee.iter())
                .chain(comp.paragraphs.iter())
                .chain(comp.table.iter().map(|(_, v)| v))
                .chain(comp.signature.iter())
                .map(String::as_str),
        );
        if !prompts.is_empty() {
            return Err(Error::PlaceholdersRemain {
                document: kind.label().to_string(),
                list: prompts.join("、"),
            });
        }
    }
    // A sign-off counts for the text it approved (issue #21 §1).
    if req.final_copy && kind.can_be_signed_off() && signoff_scope.contains(&kind) {
        let sha = text_sha256(&comp.paragraphs.join("\n"));
        let stands =
            |s: &&crate::domain::Signoff| s.body_sha256.as_deref().is_none_or(|h| h == sha);
        let void: Vec<String> = doc
            .map(|d| {
                d.signoffs
                    .iter()
                    .filter(|s| !stands(s))
                    .map(|s| format!("{}{}", s.role.label(), s.leader))
                    .collect()
            })
            .unwrap_or_default();
        if !void.is_empty() {
            return Err(Error::SignoffVoid {
                document: kind.label().to_string(),
                leaders: void.join("、"),
            });
        }
    }

    if masked {
        scrub(&mut comp, case);
    }
    let title = comp.title.clone();
    let laid = layout::compose(&comp, fonts);
    if !laid.missing.is_empty() {
        let chars: String = laid.missing.iter().collect();
        return Err(Error::MissingGlyphs(chars));
    }
    let fallback_chars: Vec<String> = {
        let mut v: Vec<String> = laid
            .pages
            .iter()
            .flat_map(|p| p.glyphs.iter())
            .filter(|g| g.face == fonts::Face::Fallback)
            .map(|g| g.c.to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let bytes = pdf::write(&title, &laid.pages, fonts)?;
    Ok(Drafted {
        kind,
        pages: laid.pages.len(),
        bytes: bytes.len(),
        pdf: bytes,
        draft: !req.final_copy,
        doc_no,
        masked,
        fallback_chars,
        fonts: fonts.describe(),
        title,
        file_name: format!("{}-{}.pdf", case.info.case_no, kind.label()),
    })
}

/// Removes the accuser's name, ID number, phone and address from every text.
fn scrub(c: &mut Composition, case: &Case) {
    let mut secrets: Vec<String> = Vec::new();
    for p in &case.info.petitioners {
        secrets.push(p.name.trim().to_string());
        secrets.extend(p.id_number.iter().map(|s| s.trim().to_string()));
        secrets.extend(p.phone.iter().map(|s| s.trim().to_string()));
        secrets.extend(p.address.iter().map(|s| s.trim().to_string()));
    }
    secrets.retain(|s| !s.is_empty());
    // Longest first, so a name inside an address does not leave the rest.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    let clean = |s: &mut String| {
        for secret in &secrets {
            if s.contains(secret.as_str()) {
                *s = s.replace(secret.as_str(), MASK);
            }
        }
    };
    for s in c
        .masthead
        .iter_mut()
        .chain(c.addressee.iter_mut())
        .chain(c.paragraphs.iter_mut())
        .chain(c.signature.iter_mut())
        .chain(c.note.iter_mut())
        .chain(std::iter::once(&mut c.title))
    {
        clean(s);
    }
    for (l, v) in &mut c.table {
        clean(l);
        clean(v);
    }
}

/// What each required placeholder is called on the form.
fn required_label(name: &str) -> &str {
    match name {
        "review_office" => "复查机关（如：重庆市永川区人民政府）",
        "stance" => "处理意见（支持 / 解释说明 / 不予支持，条例第三十二条）",
        "legal_procedure" => "法定程序名称",
        "relief_body" => "救济机关",
        "relief_time_limit" => "救济期限",
        "redirect_to" => "应向…提出 / 通过…程序",
        "doc_title" => "文书名称",
        other => other,
    }
}

fn form_phrase(case: &Case) -> &'static str {
    use crate::domain::Form;
    match case.info.form {
        Form::Letter => "来信",
        Form::Visit => "来访",
        Form::Online => "网上信访",
        Form::Phone => "来电",
    }
}

/// "你于…以来信形式反映的" follows the form: a visit is not a letter (domain.md §7).
fn form_verb(case: &Case) -> &'static str {
    use crate::domain::Form;
    match case.info.form {
        Form::Letter => "来信反映",
        Form::Visit => "来访反映",
        Form::Online => "通过网上信访反映",
        Form::Phone => "来电反映",
    }
}

/// 条例 §32: 支持 / 解释说明 / 不予支持, as the clerk picked it.
fn stance_sentence(stance: &str) -> Option<&'static str> {
    match stance.trim() {
        "支持" | "support" => Some(
            "你的请求事实清楚，符合法律、法规、规章或者其他有关规定，本机关予以支持，并将督促有关单位执行。",
        ),
        "解释说明" | "explain" => Some(
            "你的请求事由合理但缺乏法律依据，本机关作出如下解释说明：（请填写解释说明的内容）。",
        ),
        "不予支持" | "reject" => {
            Some("你的请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定，本机关不予支持。")
        }
        _ => None,
    }
}

fn date_of(t: Option<&Time>) -> String {
    t.map(|t| date_zh(china_date(t)))
        .unwrap_or_else(|| "　　年　　月　　日".into())
}

fn vars_for(
    case: &Case,
    req: &DraftRequest,
    doc_no: Option<&str>,
    unit_leaders: &[(LeaderRole, String)],
    now: &Time,
    templates_dir: Option<&Path>,
) -> Result<BTreeMap<String, String>> {
    let i = &case.info;
    let doc = case.documents.iter().find(|d| d.kind == req.kind);
    let leader = |role: LeaderRole| {
        doc.and_then(|d| d.signoffs.iter().find(|s| s.role == role))
            .map(|s| s.leader.clone())
            .or_else(|| {
                unit_leaders
                    .iter()
                    .find(|(r, _)| *r == role)
                    .map(|(_, n)| n.clone())
            })
            .unwrap_or_default()
    };
    let names: Vec<&str> = i.petitioners.iter().map(|p| p.name.trim()).collect();
    let petitioner = if names.is_empty() {
        "信访人".to_string()
    } else if names.len() > 3 {
        format!("{}等{}人", names[..3].join("、"), i.people_count())
    } else {
        names.join("、")
    };
    let strip = |s: &str| s.trim().trim_end_matches(['。', '；', '，']).to_string();
    // Documents quote the 诉求摘要, not the whole demand (issue #21 §3).
    let demand = strip(&i.summary());
    let issue = doc.and_then(|d| d.issued_at.as_ref()).unwrap_or(now);
    let delivery = case.deliveries.last();

    let mut v = BTreeMap::new();
    let mut put = |k: &str, s: String| {
        v.insert(k.to_string(), s);
    };
    put("petitioner", petitioner);
    put(
        "petitioner_address",
        i.petitioners
            .first()
            .and_then(|p| p.address.clone())
            .unwrap_or_default(),
    );
    put("case_no", i.case_no.clone());
    put("unit", i.unit.trim().to_string());
    put("sender", i.sender.clone().unwrap_or_default());
    put("arrived_date", date_of(Some(&i.arrived_at)));
    // 信访日期: when the petitioner wrote or came. A direct case arrives that day; a
    // transferred one without the date recorded is "近日", never our arrival date.
    let petition_date = i
        .petition_date
        .map(date_zh)
        .or_else(|| (!i.source.is_transferred()).then(|| date_zh(china_date(&i.arrived_at))));
    put(
        "petition_date",
        petition_date.clone().unwrap_or_else(|| "近日".into()),
    );
    put(
        "petition_when",
        petition_date
            .map(|d| format!("于{d}"))
            .unwrap_or_else(|| "近日".into()),
    );
    put("form_verb", form_verb(case).to_string());
    put(
        "received_phrase",
        match (
            i.source.is_transferred(),
            i.sender.as_deref().map(str::trim),
        ) {
            (true, Some(s)) if !s.is_empty() => {
                format!(
                    "本机关于{}收到{s}转来的该信访事项",
                    date_of(Some(&i.arrived_at))
                )
            }
            _ => format!("本机关于{}收到该信访事项", date_of(Some(&i.arrived_at))),
        },
    );
    put(
        "signed_date",
        date_of(Some(case.signed_at.as_ref().unwrap_or(&i.arrived_at))),
    );
    put(
        "accepted_date",
        date_of(case.accepted_at.as_ref().or(case.signed_at.as_ref())),
    );
    put("replied_date", date_of(case.replied_at.as_ref()));
    put("issue_date", date_zh(china_date(issue)));
    put("today", date_zh(china_date(now)));
    put("form", form_phrase(case).to_string());
    put("demand", demand.clone());
    put("demand_summary", demand.clone());
    put("demand_full", strip(&i.demand));
    put(
        "facts",
        i.facts
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .unwrap_or_else(|| format!("你反映：{demand}。")),
    );
    put("suggestions", i.suggestions.clone().unwrap_or_default());
    put(
        "method",
        case.method
            .map(|m| m.label().to_string())
            .unwrap_or_default(),
    );
    put(
        "method_reason",
        case.method_reason
            .as_deref()
            .map(strip)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "该信访事项不符合受理条件".into()),
    );
    put("doc_no", doc_no.unwrap_or_default().to_string());
    put(
        "doc_title",
        doc.and_then(|d| d.title.clone())
            .unwrap_or_else(|| req.kind.label().to_string()),
    );
    // 不予受理: the lawful ground with its article, and where to go instead (条例 §23 ¶1).
    put(
        "decline_ground",
        case.decline_ground
            .map(|g| {
                // The clerk's own words on the facts, when they add to the ground's label.
                let detail = case
                    .method_reason
                    .as_deref()
                    .map(strip)
                    .filter(|r| !r.is_empty() && DeclineGround::parse(r).is_err());
                match detail {
                    Some(r) => format!("{}（{r}），依据{}", g.statement(), g.article()),
                    None => format!("{}，依据{}", g.statement(), g.article()),
                }
            })
            .unwrap_or_else(|| {
                case.method_reason
                    .as_deref()
                    .map(strip)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "该信访事项不符合受理条件".into())
            }),
    );
    put("redirect_to", case.redirect_to.clone().unwrap_or_default());
    put(
        "contact_line",
        match (
            i.handler
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty()),
            req.vars
                .get("contact_phone")
                .map(|s| s.trim())
                .filter(|s| !s.is_empty()),
        ) {
            (Some(h), Some(p)) => format!("联系人：{h}，联系电话：{p}。"),
            (Some(h), None) => format!("联系人：{h}。"),
            (None, Some(p)) => format!("联系电话：{p}。"),
            (None, None) => String::new(),
        },
    );
    put(
        "statutory_due_phrase",
        i.statutory_due_date
            .map(|d| format!("（该程序的办理期限至{}）", date_zh(d)))
            .unwrap_or_default(),
    );
    put(
        "stance_sentence",
        req.vars
            .get("stance")
            .and_then(|s| stance_sentence(s))
            .unwrap_or("（请选择处理意见：支持 / 解释说明 / 不予支持，条例第三十二条）。")
            .to_string(),
    );
    put("stance", String::new());
    put(
        "extension_reason",
        case.extensions
            .last()
            .map(|e| e.reason.clone())
            .unwrap_or_default(),
    );
    put(
        "extension_days",
        case.extensions
            .last()
            .map(|e| e.days.to_string())
            .unwrap_or_else(|| "　　".into()),
    );
    // 办结报告 (条例 §22): who sent it and by when the result was asked for.
    put(
        "sender_phrase",
        match i.sender.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => format!("{s}{}的", i.source.label()),
            None => format!("{}的", i.source.label()),
        },
    );
    let sender_due = case
        .supervisions
        .iter()
        .rev()
        .find_map(|s| s.deadline)
        .or(i.sender_deadline);
    put(
        "sender_deadline_phrase",
        match (sender_due, case.supervisions.len()) {
            (Some(d), 0) => format!("要求于{}前反馈办理结果。", date_zh(d)),
            (Some(d), n) => format!("其间督办{n}次，要求于{}前反馈办理结果。", date_zh(d)),
            (None, 0) => String::new(),
            (None, n) => format!("其间督办{n}次。"),
        },
    );
    put("supervising_leader", leader(LeaderRole::SupervisingLeader));
    put("principal_leader", leader(LeaderRole::PrincipalLeader));
    put("handler", i.handler.clone().unwrap_or_default());
    put("section", i.section.clone().unwrap_or_default());
    put(
        "responsible_leader",
        i.responsible_leader.clone().unwrap_or_default(),
    );

    // 送达回证: what was served, when, where and how.
    // The receipt is what is signed for the documents; it is not one of them (issue #21 §4).
    let served: Vec<DocKind> = if !req.served.is_empty() {
        req.served.clone()
    } else if let Some(d) = delivery.filter(|d| !d.documents.is_empty()) {
        d.documents.clone()
    } else {
        case.documents.iter().map(|d| d.kind).collect()
    };
    let served: Vec<DocKind> = served
        .into_iter()
        .filter(|k| *k != DocKind::DeliveryReceipt)
        .collect();
    let mut lines = Vec::new();
    for k in served {
        let title = templates::load(k, templates_dir)
            .map(|t| t.title)
            .unwrap_or_else(|_| k.label().to_string());
        let title = if title.contains('{') {
            k.label().to_string()
        } else {
            title
        };
        let no = case
            .documents
            .iter()
            .find(|d| d.kind == k)
            .and_then(|d| d.doc_no.clone());
        lines.push(match no {
            Some(no) => format!("《{title}》（{no}）"),
            None => format!("《{title}》"),
        });
    }
    put("served_documents", lines.join("\n"));
    put(
        "delivery_time",
        delivery
            .map(|d| {
                use chrono::Timelike;
                let t = d.at;
                format!("{}{}时{}分", date_zh(china_date(&t)), t.hour(), t.minute())
            })
            .unwrap_or_default(),
    );
    put(
        "delivery_place",
        delivery.and_then(|d| d.place.clone()).unwrap_or_default(),
    );
    put(
        "delivery_method",
        delivery
            .map(|d| d.method.label().to_string())
            .unwrap_or_default(),
    );
    put(
        "proxy_reason",
        delivery
            .and_then(|d| d.proxy_reason.clone())
            .unwrap_or_default(),
    );
    put(
        "witness",
        delivery.and_then(|d| d.witness.clone()).unwrap_or_default(),
    );
    put(
        "refusal_reason",
        delivery
            .and_then(|d| d.refusal_reason.clone())
            .unwrap_or_default(),
    );
    put(
        "tracking_no",
        delivery
            .and_then(|d| d.tracking_no.clone())
            .unwrap_or_default(),
    );
    put(
        "server",
        delivery.and_then(|d| d.server.clone()).unwrap_or_default(),
    );
    put(
        "receipt_signed_on",
        delivery
            .and_then(|d| d.signed_on)
            .map(date_zh)
            .unwrap_or_else(|| "　　年　　月　　日".into()),
    );
    Ok(v)
}
