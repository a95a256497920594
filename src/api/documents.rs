//! 文书: drafting the six notices as PDFs and the 文号 register (issue #5).

use std::path::{Path, PathBuf};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::Desk;
use crate::documents::register::{self, DocNumber};
use crate::documents::{self, DraftRequest, Drafted, FaceInfo, FontSet, FontSettings};
use crate::domain::{DocKind, LeaderRole};
use crate::error::{Error, Result};
use crate::ledger::{SettingStore, audit, cases};

/// The font settings and what they resolve to on this PC.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FontStatus {
    pub settings: FontSettings,
    pub faces: Vec<FaceInfo>,
    /// What to do when an official face is missing; empty when all are found.
    pub advice: Option<String>,
}
use crate::time::{Time, china_date};

/// A request for the next 文号.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct DocNoRequest {
    /// 机关代字, e.g. `永住建信`. Default: the one stored in the clerk profile (clerk.rs).
    #[serde(default)]
    pub prefix: Option<String>,
    /// Default: the case's unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// Default: this year (China time).
    #[serde(default)]
    pub year: Option<i32>,
    /// With `kind`: the number is recorded on that document of the case, in one transaction.
    #[serde(default)]
    pub case_no: Option<String>,
    #[serde(default)]
    pub kind: Option<DocKind>,
}

impl Desk {
    /// Writes a generated document. When the ledger is encrypted, a document kept beside
    /// it (the 文书/ folder, or anywhere under the ledger's folder) is sealed with the data
    /// key; a path elsewhere is an explicit export and stays a plain PDF.
    pub fn save_document(&self, out: &Path, pdf: &[u8]) -> Result<bool> {
        let seal = match self.ledger.data_key() {
            Some(_) => {
                let base = self
                    .ledger
                    .path()
                    .parent()
                    .and_then(|p| p.canonicalize().ok());
                let here = out
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .canonicalize()
                    .ok();
                matches!((base, here), (Some(b), Some(h)) if h.starts_with(&b))
            }
            None => false,
        };
        let bytes = match (seal, self.ledger.data_key()) {
            (true, Some(k)) => crate::security::files::seal(k, pdf)?,
            _ => pdf.to_vec(),
        };
        std::fs::write(out, bytes).map_err(|e| Error::NotWritable {
            path: out.display().to_string(),
            detail: crate::error::io_zh(&e),
        })?;
        Ok(seal)
    }

    /// A document ready for the viewer or printer (decrypted to a private temp folder
    /// when it is sealed; see [`crate::security::files::viewable`]).
    pub fn viewable_document(&self, path: &Path) -> Result<PathBuf> {
        crate::security::files::viewable(self.ledger.data_key(), path, self.ledger.path())
    }

    /// Where a unit puts its own templates: `templates/` next to the ledger file.
    pub fn templates_dir(&self) -> Option<PathBuf> {
        self.ledger
            .path()
            .parent()
            .map(|p| p.join("templates"))
            .filter(|p| p.is_dir())
    }

    /// Drafts one document of a case with the fonts chosen in the settings.
    pub fn draft_document(&self, case_no: &str, req: &DraftRequest, now: &Time) -> Result<Drafted> {
        let fonts = FontSet::cached(&self.font_settings()?.options()?)?;
        self.draft_document_with(case_no, req, &fonts, now)
    }

    /// 设置 → 文书字体: the stored choice, or the default (the unit's official fonts when
    /// installed, else the bundled Fandol faces).
    pub fn font_settings(&self) -> Result<FontSettings> {
        FontSettings::load(self.ledger.conn())
    }

    /// Checks the folder before storing, so a wrong choice is refused at once.
    pub fn set_font_settings(&mut self, s: FontSettings, now: &Time) -> Result<FontStatus> {
        s.options()?;
        self.save_setting(&s, now)?;
        self.font_status()
    }

    /// Which face prints each part of a document with the current settings.
    pub fn font_status(&self) -> Result<FontStatus> {
        let settings = self.font_settings()?;
        let fonts = FontSet::cached(&settings.options()?)?;
        let faces = fonts.faces();
        let missing: Vec<&str> = faces
            .iter()
            .take(2)
            .filter(|f| !f.official)
            .map(|f| f.role)
            .collect();
        // GB/T 9704-2012 §7.3: body in 3号仿宋, title in 2号小标宋.
        let advice = (!missing.is_empty()).then(|| {
            if settings.bundled_only {
                "已选择始终使用内置字体（Fandol），各台电脑打印效果一致；如需与正式公文字体完全一致，请改为“优先使用本机公文字体”并安装仿宋_GB2312、方正小标宋简体。".to_string()
            } else {
                format!(
                    "本机未找到{}的公文字体，暂用内置 Fandol 字体代替。请安装仿宋_GB2312、方正小标宋简体，或把字体文件放进一个文件夹并在此指定。",
                    missing.join("、")
                )
            }
        });
        Ok(FontStatus {
            settings,
            faces,
            advice,
        })
    }

    /// Drafts with the given fonts (tests and the benchmark pick their own).
    pub fn draft_document_with(
        &self,
        case_no: &str,
        req: &DraftRequest,
        fonts: &FontSet,
        now: &Time,
    ) -> Result<Drafted> {
        let case = self.show_case(case_no, now)?.case;
        let leaders = self.unit_leaders(&case.info.unit)?;
        documents::draft_scoped(
            &case,
            req,
            self.templates_dir().as_deref(),
            &leaders,
            &self.settings.signoff_scope,
            fonts,
            now,
        )
    }

    /// The unit's leaders by role: they fill `{supervising_leader}` and `{principal_leader}`.
    pub(crate) fn unit_leaders(&self, unit: &str) -> Result<Vec<(LeaderRole, String)>> {
        Ok(self
            .units()?
            .into_iter()
            .filter(|u| u.name == unit.trim())
            .flat_map(|u| u.leaders.into_iter().map(|l| (l.role, l.name)))
            .collect())
    }

    /// Marks the sign-offs whose approved text no longer matches the document (issue #21 §1).
    pub(crate) fn mark_void_signoffs(
        &self,
        case: &mut crate::domain::Case,
        now: &Time,
    ) -> Result<()> {
        if case.documents.iter().all(|d| d.signoffs.is_empty()) {
            return Ok(());
        }
        let leaders = self.unit_leaders(&case.info.unit)?;
        let dir = self.templates_dir();
        for i in 0..case.documents.len() {
            if case.documents[i].signoffs.is_empty() {
                continue;
            }
            let kind = case.documents[i].kind;
            // A template that no longer loads shows no sign-off as void; drafting says why.
            if let Ok(text) = documents::body_text(case, kind, dir.as_deref(), &leaders, now) {
                documents::mark_void_signoffs(
                    &mut case.documents[i],
                    &documents::text_sha256(&text),
                );
            }
        }
        Ok(())
    }

    /// 编辑正文: the text the editor opens with (the saved body, else the template's filled
    /// for this case), the values chosen, and the fill-in prompts still in it.
    pub fn document_text(&self, case_no: &str, kind: DocKind, now: &Time) -> Result<DocumentText> {
        let case = self.show_case(case_no, now)?.case;
        let leaders = self.unit_leaders(&case.info.unit)?;
        let dir = self.templates_dir();
        let doc = case.documents.iter().find(|d| d.kind == kind);
        let saved = doc
            .and_then(|d| d.body.clone())
            .filter(|b| !b.trim().is_empty());
        let template = documents::template_body(&case, kind, dir.as_deref(), &leaders, now)?;
        let text = documents::body_text(&case, kind, dir.as_deref(), &leaders, now)?;
        Ok(DocumentText {
            body: saved.clone().unwrap_or_else(|| template.clone()),
            from_template: saved.is_none(),
            template,
            vars: doc.map(|d| d.vars.clone()).unwrap_or_default(),
            prompts: documents::fill_in_prompts([text.as_str()]),
            signoffs_void: doc.is_some_and(|d| d.signoffs.iter().any(|s| s.void)),
        })
    }

    /// Saves the clerk's body and values for one document of the case, in the ledger. A
    /// change of text voids the sign-offs given to the old text (shown on the case page).
    pub fn document_save(
        &mut self,
        case_no: &str,
        kind: DocKind,
        body: Option<String>,
        vars: std::collections::BTreeMap<String, String>,
        now: &Time,
    ) -> Result<crate::api::CaseView> {
        let body = body.map(|b| b.trim().to_string()).filter(|b| !b.is_empty());
        if let Some(b) = &body
            && b.chars().count() > crate::limits::MAX_TEXT_CHARS
        {
            return Err(Error::invalid(
                "文书正文",
                format!("超过上限 {} 字", crate::limits::MAX_TEXT_CHARS),
            ));
        }
        let vars: std::collections::BTreeMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k, v.trim().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let leaders = self.unit_leaders(&self.show_case(case_no, now)?.case.info.unit)?;
        let dir = self.templates_dir();
        self.mutate(case_no, now, "document_body", |tx, id, c, _| {
            check_kind(c, kind, "制作文书")?;
            let doc_id = cases::upsert_document(tx, id, kind, None, None, None, now)?;
            let vars_json = serde_json::to_string(&vars).map_err(|e| Error::Db(e.to_string()))?;
            tx.execute(
                "UPDATE documents SET body = ?2, vars = ?3 WHERE id = ?1",
                rusqlite::params![doc_id, body, vars_json],
            )?;
            // Whether a sign-off is now void: compare with the text as it will print.
            let mut after = c.clone();
            if let Some(d) = after.documents.iter_mut().find(|d| d.kind == kind) {
                d.body = body.clone();
                d.vars = vars.clone();
            }
            let text = documents::body_text(&after, kind, dir.as_deref(), &leaders, now)?;
            let sha = documents::text_sha256(&text);
            let voided = c
                .documents
                .iter()
                .find(|d| d.kind == kind)
                .is_some_and(|d| {
                    d.signoffs
                        .iter()
                        .any(|s| s.body_sha256.as_deref().is_some_and(|h| h != sha))
                });
            let detail = if voided {
                format!("{}正文已修改，原签批失效，须重新签批", kind.label())
            } else {
                format!("{}正文已保存", kind.label())
            };
            Ok(Some(("document_body", *now, detail)))
        })
    }

    /// 生成正式文书 registers the document (issue #21 §2): its issue date is set once, so
    /// 送达 can follow.
    pub fn register_final(&mut self, case_no: &str, kind: DocKind, now: &Time) -> Result<()> {
        self.mutate(case_no, now, "document_final", |tx, id, c, _| {
            check_kind(c, kind, "制作文书")?;
            let issued = c
                .documents
                .iter()
                .find(|d| d.kind == kind)
                .and_then(|d| d.issued_at)
                .unwrap_or(*now);
            cases::upsert_document(tx, id, kind, None, Some(&issued), None, now)?;
            Ok(Some((
                "document_final",
                *now,
                format!("{}正式文书已生成并登记", kind.label()),
            )))
        })?;
        Ok(())
    }

    /// Allocates the next 文号 (atomically; never reused). With a case and kind, records it
    /// on that document in the same transaction.
    pub fn doc_no_allocate(&mut self, req: &DocNoRequest, now: &Time) -> Result<DocNumber> {
        let prefix = match req.prefix.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(p) => register::check_prefix(p)?,
            None => self.agency_code()?,
        };
        let year = req.year.unwrap_or_else(|| china_date(now).year());
        if !(1900..=9999).contains(&year) {
            return Err(Error::invalid("文号年份", format!("{year} 不是有效年份")));
        }
        let doc_no = match (&req.case_no, req.kind) {
            (Some(case_no), Some(kind)) => {
                let mut allocated = None;
                let unit = req.unit.clone();
                self.mutate(case_no, now, "doc_no", |tx, id, c, actor| {
                    check_kind(c, kind, "为文书编号")?;
                    if !kind.takes_doc_no() {
                        return Err(Error::invalid("文号", format!("{}不编文号", kind.label())));
                    }
                    if let Some(no) = c
                        .documents
                        .iter()
                        .find(|d| d.kind == kind)
                        .and_then(|d| d.doc_no.as_ref())
                    {
                        return Err(Error::OutOfOrder(format!(
                            "{}已有文号 {no}。如需重新编号，请先在文号登记簿中作废原文号。",
                            kind.label()
                        )));
                    }
                    let unit_name = unit.as_deref().unwrap_or(&c.info.unit);
                    let unit_id = cases::unit_id(tx, unit_name, now)?;
                    let (no, _) =
                        register::allocate(tx, unit_id, &prefix, year, Some((id, kind)), now)?;
                    let issued = c
                        .documents
                        .iter()
                        .find(|d| d.kind == kind)
                        .and_then(|d| d.issued_at);
                    cases::upsert_document(tx, id, kind, Some(&no), issued.as_ref(), None, now)?;
                    audit_doc_no(tx, actor, now, &no, "allocate", None)?;
                    let detail = format!("{} 编号 {no}", kind.label());
                    allocated = Some(no);
                    Ok(Some(("doc_no", *now, detail)))
                })?;
                allocated.ok_or_else(|| Error::Db("文号未分配".into()))?
            }
            (None, None) => {
                let unit = req
                    .unit
                    .as_deref()
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .ok_or_else(|| Error::MissingField("单位或信访件编号".into()))?
                    .to_string();
                let actor = self.actor.clone();
                let tx = self.ledger.write()?;
                let unit_id = cases::unit_id(&tx, &unit, now)?;
                let (no, _) = register::allocate(&tx, unit_id, &prefix, year, None, now)?;
                audit_doc_no(&tx, &actor, now, &no, "allocate", None)?;
                tx.commit()?;
                no
            }
            _ => {
                return Err(Error::MissingField(
                    "为文书编号时信访件编号和文书种类须同时填写".into(),
                ));
            }
        };
        register::find(self.ledger.conn(), &doc_no)?
            .map(|(_, d)| d)
            .ok_or(Error::DocNoNotFound(doc_no))
    }

    /// Voids a 文号: it stays in the register as voided and is never issued again; the
    /// document that carried it loses it.
    pub fn doc_no_void(&mut self, doc_no: &str, reason: &str, now: &Time) -> Result<DocNumber> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::MissingField("作废理由".into()));
        }
        let actor = self.actor.clone();
        let tx = self.ledger.write()?;
        let Some((id, row)) = register::find(&tx, doc_no)? else {
            return Err(Error::DocNoNotFound(doc_no.trim().to_string()));
        };
        if row.status == "voided" {
            return Err(Error::DocNoVoided(row.doc_no));
        }
        register::void(&tx, id, reason, now)?;
        tx.execute(
            "UPDATE documents SET doc_no = NULL WHERE doc_no = ?1
               AND case_id = (SELECT case_id FROM doc_numbers WHERE id = ?2)",
            rusqlite::params![row.doc_no, id],
        )?;
        // The voided number no longer finds its case.
        if let Some(case_id) = row_case_id(&tx, id)? {
            crate::ledger::cases::reindex_stored(&tx, case_id)?;
        }
        audit_doc_no(&tx, &actor, now, &row.doc_no, "void", Some(reason))?;
        tx.commit()?;
        register::find(self.ledger.conn(), &row.doc_no)?
            .map(|(_, d)| d)
            .ok_or(Error::DocNoNotFound(row.doc_no))
    }

    pub fn doc_no_list(&self, unit: Option<&str>, year: Option<i32>) -> Result<Vec<DocNumber>> {
        register::list(self.ledger.conn(), unit, year)
    }
}

/// The kinds a case's method uses (N §三.四); others are refused with the right ones named.
/// `step` is what waits for the method ("制作文书", "为文书编号").
fn check_kind(c: &crate::domain::Case, kind: DocKind, step: &str) -> Result<()> {
    let Some(method) = c.method else {
        return Err(Error::OutOfOrder(format!("请先确定办理方式，再{step}。")));
    };
    let allowed = method
        .required_attachments()
        .iter()
        .flat_map(|s| s.iter().copied())
        .any(|k| k == kind);
    if !allowed {
        return Err(Error::invalid(
            "文书种类",
            format!("{}件不使用{}", method.label(), kind.label()),
        ));
    }
    Ok(())
}

/// What 编辑正文 opens with.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DocumentText {
    /// The saved body, else the template's filled for this case.
    pub body: String,
    /// `body` is the template's (nothing saved yet).
    pub from_template: bool,
    /// The template's body filled for this case ("恢复模板正文").
    pub template: String,
    pub vars: std::collections::BTreeMap<String, String>,
    /// Fill-in prompts still in the text: a final copy is refused until none is left.
    pub prompts: Vec<String>,
    /// A sign-off was given to an earlier text and no longer counts.
    pub signoffs_void: bool,
}

fn audit_doc_no(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    now: &Time,
    doc_no: &str,
    action: &str,
    reason: Option<&str>,
) -> Result<()> {
    let after = match reason {
        Some(r) => serde_json::json!({ "doc_no": doc_no, "status": "voided", "reason": r }),
        None => serde_json::json!({ "doc_no": doc_no, "status": "issued" }),
    };
    audit::record(
        tx,
        &audit::Change {
            actor,
            at: now,
            entity: "doc_no",
            entity_id: doc_no,
            action,
        },
        None,
        Some(&after),
    )
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::{Deserialize, Serialize};
    use ts_rs::TS;

    use super::{DocNoRequest, DocumentText, FontStatus};
    use crate::api::CaseView;
    use crate::api::Desk;
    #[allow(unused_imports)]
    use crate::api::contract::{Command, DONE, Done, by_case_no};
    use crate::documents::register::DocNumber;
    use crate::documents::{DraftRequest, Drafted, FontSettings};
    use crate::domain::DocKind;
    use crate::error::Result;
    use crate::time::Time;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// A drafted document and where its PDF was written.
    #[derive(Serialize, TS)]
    pub struct DraftedAt {
        #[serde(flatten)]
        #[ts(flatten)]
        pub drafted: Drafted,
        pub path: String,
    }
    /// What the print spooler answered.
    #[derive(Serialize, TS)]
    pub struct Printed {
        pub ok: bool,
        pub spooler: String,
    }

    /// 生成文书 PDF（草稿或正式）。
    #[derive(Deserialize, TS)]
    pub struct DocumentDraftArgs {
        pub case_no: String,
        /// Where to write the PDF (the shells pass a path in the case's folder).
        pub out: String,
        #[serde(flatten)]
        #[ts(flatten)]
        pub request: DraftRequest,
    }
    impl Command for DocumentDraftArgs {
        const NAME: &'static str = "document_draft";
        type Response = DraftedAt;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<DraftedAt> {
            let d = desk.draft_document(&self.case_no, &self.request, now)?;
            desk.save_document(Path::new(&self.out), &d.pdf)?;
            // 生成正式文书 also registers the document (issue #21 §2).
            if !d.draft {
                desk.register_final(&self.case_no, d.kind, now)?;
            }
            Ok(DraftedAt {
                drafted: d,
                path: self.out,
            })
        }
    }

    /// 编辑正文：打开时的正文（已保存的，或按本件填好的模板正文）与尚未填写的提示。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct DocumentTextArgs {
        pub case_no: String,
        pub kind: DocKind,
    }
    impl Command for DocumentTextArgs {
        const NAME: &'static str = "document_text";
        type Response = DocumentText;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<DocumentText> {
            desk.document_text(&self.case_no, self.kind, now)
        }
    }

    /// 保存文书正文与填写内容（存入台账；签批后修改则原签批失效）。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct DocumentSaveArgs {
        pub case_no: String,
        pub kind: DocKind,
        /// Empty: back to the template's body.
        #[serde(default)]
        pub body: Option<String>,
        #[serde(default)]
        #[ts(as = "Option<BTreeMap<String, String>>", optional)]
        pub vars: BTreeMap<String, String>,
    }
    impl Command for DocumentSaveArgs {
        const NAME: &'static str = "document_save";
        type Response = CaseView;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
            desk.document_save(&self.case_no, self.kind, self.body, self.vars, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(transparent)]
    pub struct DocNoAllocateArgs(pub DocNoRequest);
    impl Command for DocNoAllocateArgs {
        const NAME: &'static str = "doc_no_allocate";
        type Response = DocNumber;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<DocNumber> {
            desk.doc_no_allocate(&self.0, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct DocNoVoidArgs {
        pub doc_no: String,
        pub reason: String,
    }
    impl Command for DocNoVoidArgs {
        const NAME: &'static str = "doc_no_void";
        type Response = DocNumber;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<DocNumber> {
            let _ = now;
            desk.doc_no_void(&self.doc_no, &self.reason, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct DocNoListArgs {
        #[serde(default)]
        pub unit: Option<String>,
        #[serde(default)]
        pub year: Option<i32>,
    }
    impl Command for DocNoListArgs {
        const NAME: &'static str = "doc_no_list";
        type Response = Vec<DocNumber>;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Vec<DocNumber>> {
            let _ = now;
            desk.doc_no_list(self.unit.as_deref(), self.year)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct DocumentPrintArgs {
        pub path: String,
        #[serde(default)]
        pub printer: Option<String>,
    }
    impl Command for DocumentPrintArgs {
        const NAME: &'static str = "document_print";
        type Response = Printed;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Printed> {
            let _ = now;
            let path = desk.viewable_document(Path::new(&self.path))?;
            let spooler = crate::documents::printing::print_pdf(&path, self.printer.as_deref())?;
            Ok(Printed { ok: true, spooler })
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct DocumentOpenArgs {
        pub path: String,
    }
    impl Command for DocumentOpenArgs {
        const NAME: &'static str = "document_open";
        type Response = Done;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Done> {
            let _ = now;
            let path = desk.viewable_document(Path::new(&self.path))?;
            crate::documents::printing::open_pdf(&path)?;
            Ok(DONE)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct FontSettingsGetArgs {}
    impl Command for FontSettingsGetArgs {
        const NAME: &'static str = "font_settings_get";
        type Response = FontSettings;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<FontSettings> {
            let _ = now;
            desk.font_settings()
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(transparent)]
    pub struct FontSettingsSetArgs(pub FontSettings);
    impl Command for FontSettingsSetArgs {
        const NAME: &'static str = "font_settings_set";
        type Response = FontStatus;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<FontStatus> {
            desk.set_font_settings(self.0, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct FontsStatusArgs {}
    impl Command for FontsStatusArgs {
        const NAME: &'static str = "fonts_status";
        type Response = FontStatus;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<FontStatus> {
            let _ = now;
            desk.font_status()
        }
    }
}

/// The case a registered 文号 was recorded on, if any.
fn row_case_id(tx: &rusqlite::Transaction<'_>, doc_number_id: i64) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .query_row(
            "SELECT case_id FROM doc_numbers WHERE id = ?1",
            [doc_number_id],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
}
