//! 附件：添加（按内容哈希存副本）、逐件检查、打包上传。

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{CaseView, Desk};
use crate::attachments::case::{
    self as acase, CaseAttachmentReport, VERDICT_FIX, VERDICT_OK, stored_path,
};
use crate::attachments::naming::expected_name;
use crate::attachments::{
    AttachmentSettings, FileReport, Finding, InspectContext, PageThumb, SealHit, inspect_bytes,
    inspect_path, page_thumbs, sha256_hex,
};
use crate::domain::{DocKind, Method};
use crate::error::{Error, Result, io_zh};
use crate::ledger::SettingStore;
use crate::time::Time;

/// 浏览器上传（`attachment_upload`）的单个文件上限：超过检查上限（默认 10 MB）的文件仍可
/// 存入并得到“文件过大”的发现，但不接收大到拖垮本机的内容。
pub const UPLOAD_MAX_BYTES: usize = 32 * 1024 * 1024;

/// 一页的缩略图与检查结果：鲜章外接框（占图像的比例）与本页的发现。
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PageView {
    pub page: u32,
    pub data_url: Option<String>,
    pub note: Option<String>,
    pub width_mm: Option<f64>,
    pub height_mm: Option<f64>,
    pub dpi: Option<f64>,
    pub seal: Option<SealHit>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FilePages {
    pub file_name: String,
    pub kind: DocKind,
    pub report: FileReport,
    pub pages: Vec<PageView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AttachOutcome {
    pub sha256: String,
    pub stored_path: String,
    pub report: FileReport,
    pub case: CaseView,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PackageOutcome {
    pub case_no: String,
    pub out_dir: String,
    /// 按平台顺序写出的文件名。
    pub files: Vec<String>,
    pub manifest: String,
    /// 有必须处理的问题但写明理由强制打包。
    pub overridden: bool,
    pub verdict: &'static str,
}

pub const MANIFEST_NAME: &str = "上传清单.txt";

impl Desk {
    /// 附件检查的设置（台账设置项 `attachment_settings`）。
    pub fn attachment_settings(&self) -> Result<AttachmentSettings> {
        AttachmentSettings::load(self.ledger.conn())
    }

    /// 保存附件检查的设置（校验后写入 settings 表，并记审计日志）。
    pub fn set_attachment_settings(
        &mut self,
        s: AttachmentSettings,
        now: &Time,
    ) -> Result<AttachmentSettings> {
        s.validate()?;
        self.save_setting(&s, now)?;
        Ok(s)
    }

    /// 副本存放的文件夹：台账旁的“附件”。
    pub fn attachment_store(&self) -> PathBuf {
        crate::security::convert::store_dir(self.ledger.path())
    }

    /// A stored copy's plain bytes (decrypted in memory when the ledger is encrypted).
    fn read_stored(&self, p: &Path) -> std::io::Result<Vec<u8>> {
        let bytes = std::fs::read(p)?;
        crate::security::files::open(self.ledger.data_key(), bytes, p)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))
    }

    /// 不涉及台账的单文件检查。
    pub fn inspect_file(
        &self,
        path: &Path,
        kind: Option<DocKind>,
        case_no: Option<&str>,
    ) -> Result<FileReport> {
        let s = self.attachment_settings()?;
        Ok(inspect_path(path, &InspectContext { kind, case_no }, &s))
    }

    /// 添加附件：读原件、按 sha256 存副本（原件不动）、检查并登记。
    pub fn attach_file(
        &mut self,
        case_no: &str,
        path: &Path,
        kind: DocKind,
        now: &Time,
    ) -> Result<AttachOutcome> {
        if path.is_dir() {
            return Err(Error::invalid(
                "附件",
                format!("“{}”是文件夹，请选择其中的文件。", path.display()),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            detail: io_zh(&e),
        })?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        self.attach_bytes(case_no, &file_name, &bytes, kind, now)
    }

    /// 浏览器上传：文件内容以 base64 传来（`xinfang serve` 只监听本机）。
    pub fn upload_attachment(
        &mut self,
        case_no: &str,
        name: &str,
        data_base64: &str,
        kind: DocKind,
        now: &Time,
    ) -> Result<AttachOutcome> {
        use base64::Engine;
        // 只取文件名本身：浏览器给的名字里不应有路径，有也丢掉。
        let name = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        if name.is_empty() || name == "." || name == ".." || name.chars().count() > 200 {
            return Err(Error::invalid(
                "附件文件名",
                "文件名为空或过长（200 字以内）。请改名后重新选择。",
            ));
        }
        if data_base64.len() / 4 * 3 > UPLOAD_MAX_BYTES + 3 {
            return Err(Error::invalid(
                "附件",
                format!(
                    "“{name}”超过 {} MB，无法添加。请以 200 dpi 重新扫描或拆分后再添加。",
                    UPLOAD_MAX_BYTES / 1024 / 1024
                ),
            ));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data_base64.trim())
            .map_err(|_| {
                Error::invalid(
                    "附件",
                    "上传的内容不完整（不是合法的 base64）。请重新选择文件。",
                )
            })?;
        self.attach_bytes(case_no, &name, &bytes, kind, now)
    }

    /// 删除一个附件的登记（选错文件或种类时）；存放的副本按哈希共享，不删除。
    pub fn remove_attachment(
        &mut self,
        case_no: &str,
        file_name: &str,
        now: &Time,
    ) -> Result<CaseView> {
        let file_name = file_name.trim().to_string();
        self.mutate(case_no, now, "attachment_remove", |tx, id, c, _| {
            let Some(a) = c.attachments.iter().find(|a| a.file_name == file_name) else {
                return Err(Error::invalid(
                    "附件",
                    format!("该件没有名为“{file_name}”的附件"),
                ));
            };
            tx.execute(
                "DELETE FROM attachments WHERE case_id = ?1 AND file_name = ?2",
                rusqlite::params![id, file_name],
            )?;
            Ok(Some((
                "attachment_removed",
                *now,
                format!("{}：{file_name}", a.kind.label()),
            )))
        })
    }

    /// 一个附件各页的缩略图、鲜章位置与逐页发现。
    pub fn attachment_pages(
        &self,
        case_no: &str,
        file_name: &str,
        now: &Time,
    ) -> Result<FilePages> {
        let case = self.show_case(case_no, now)?.case;
        let Some(a) = case
            .attachments
            .iter()
            .find(|a| a.file_name == file_name.trim())
        else {
            return Err(Error::invalid(
                "附件",
                format!("该件没有名为“{file_name}”的附件"),
            ));
        };
        let store = self.attachment_store();
        let bytes = a
            .sha256
            .as_deref()
            .map(|sha| stored_path(&store, sha))
            .and_then(|p| self.read_stored(&p).ok())
            .ok_or_else(|| {
                Error::invalid(
                    "附件",
                    format!(
                        "“{}”的副本不在附件文件夹中。请重新添加该附件。",
                        a.file_name
                    ),
                )
            })?;
        let s = self.attachment_settings()?;
        let report = inspect_bytes(
            &a.file_name,
            &bytes,
            &InspectContext {
                kind: Some(a.kind),
                case_no: Some(&case.info.case_no),
            },
            &s,
        );
        let thumbs: Vec<PageThumb> = page_thumbs(&bytes, s.max_pages_analysed);
        let pages = thumbs
            .into_iter()
            .map(|t| {
                let p = report.pages.iter().find(|p| p.page == t.page);
                PageView {
                    page: t.page,
                    data_url: t.data_url,
                    note: t.note,
                    width_mm: p.map(|p| p.width_mm),
                    height_mm: p.map(|p| p.height_mm),
                    dpi: p.and_then(|p| p.dpi),
                    seal: p.and_then(|p| p.seal.clone()),
                    findings: report
                        .findings
                        .iter()
                        .filter(|f| f.page == Some(t.page))
                        .cloned()
                        .collect(),
                }
            })
            .collect();
        Ok(FilePages {
            file_name: a.file_name.clone(),
            kind: a.kind,
            report,
            pages,
        })
    }

    /// 添加附件的共同部分：按 sha256 存副本、检查、登记。
    pub fn attach_bytes(
        &mut self,
        case_no: &str,
        file_name: &str,
        bytes: &[u8],
        kind: DocKind,
        now: &Time,
    ) -> Result<AttachOutcome> {
        let file_name = file_name.to_string();
        let case = self.show_case(case_no, now)?.case;
        if case.attachments.iter().any(|a| a.file_name == file_name) {
            return Err(Error::invalid(
                "附件",
                format!("该件已有名为“{file_name}”的附件。如是新扫描的文件，请改名后再添加。"),
            ));
        }
        let s = self.attachment_settings()?;
        let report = inspect_bytes(
            &file_name,
            bytes,
            &InspectContext {
                kind: Some(kind),
                case_no: Some(&case.info.case_no),
            },
            &s,
        );
        let sha = sha256_hex(bytes);
        let dest = stored_path(&self.attachment_store(), &sha);
        if !dest.exists() {
            let not_writable = |e: std::io::Error| Error::NotWritable {
                path: dest.display().to_string(),
                detail: io_zh(&e),
            };
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(not_writable)?;
            }
            let tmp = dest.with_extension("part");
            // An encrypted ledger's copies are sealed with its data key.
            let stored: std::borrow::Cow<'_, [u8]> = match self.ledger.data_key() {
                Some(k) => std::borrow::Cow::Owned(crate::security::files::seal(k, bytes)?),
                None => std::borrow::Cow::Borrowed(bytes),
            };
            std::fs::write(&tmp, &stored).map_err(not_writable)?;
            std::fs::rename(&tmp, &dest).map_err(not_writable)?;
        }
        let case =
            self.record_attachment(case_no, kind, &file_name, Some(sha.clone()), *now, now)?;
        Ok(AttachOutcome {
            sha256: sha,
            stored_path: dest.display().to_string(),
            report,
            case,
        })
    }

    /// 一件的附件结论：逐个文件检查存放的副本，再查整件。
    pub fn check_attachments(&self, case_no: &str, now: &Time) -> Result<CaseAttachmentReport> {
        let case = self.show_case(case_no, now)?.case;
        let s = self.attachment_settings()?;
        let store = self.attachment_store();
        let mut findings = acase::case_findings(&case);
        let mut files = Vec::new();
        let mut atts = case.attachments.clone();
        if let Some(m) = case.method {
            atts.sort_by_key(|a| acase::platform_order(m, a.kind));
        }
        for a in &atts {
            let ctx = InspectContext {
                kind: Some(a.kind),
                case_no: Some(&case.info.case_no),
            };
            let Some(sha) = a.sha256.as_deref() else {
                findings.push(Finding::blocking(
                    "stored_copy_missing",
                    format!(
                        "“{}”只有登记、没有文件副本。请重新添加该附件。",
                        a.file_name
                    ),
                ));
                continue;
            };
            let p = stored_path(&store, sha);
            match self.read_stored(&p) {
                Ok(bytes) => files.push(inspect_bytes(&a.file_name, &bytes, &ctx, &s)),
                Err(_) => findings.push(Finding::blocking(
                    "stored_copy_missing",
                    format!(
                        "“{}”的副本不在附件文件夹（{}）中。请重新添加该附件。",
                        a.file_name,
                        store.display()
                    ),
                )),
            }
        }
        findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let ok = findings
            .iter()
            .all(|f| f.severity != crate::attachments::Severity::Blocking)
            && files.iter().all(|f| f.ok);
        Ok(CaseAttachmentReport {
            case_no: case.info.case_no.clone(),
            method: case.method,
            verdict: if ok { VERDICT_OK } else { VERDICT_FIX },
            ok,
            findings,
            files,
        })
    }

    /// 上传包：按命名规则改名、按平台顺序，附清单。仍有必须处理的问题时不写任何文件，
    /// 除非写明理由强制打包（理由记入办理记录与操作日志）。
    pub fn package_attachments(
        &mut self,
        case_no: &str,
        out_dir: &Path,
        override_reason: Option<&str>,
        now: &Time,
    ) -> Result<PackageOutcome> {
        let report = self.check_attachments(case_no, now)?;
        let case = self.show_case(case_no, now)?.case;
        let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
        let blocking = report.blocking_list();
        if !report.ok && reason.is_none() {
            return Err(Error::AttachmentsBlocked {
                count: blocking.len(),
                list: blocking.join("；"),
            });
        }
        let method = case.method.unwrap_or(Method::ReturnCase);
        let s = self.attachment_settings()?;
        let store = self.attachment_store();
        let mut atts: Vec<_> = case
            .attachments
            .iter()
            .filter(|a| acase::platform_order(method, a.kind) != usize::MAX)
            .collect();
        atts.sort_by_key(|a| acase::platform_order(method, a.kind));
        let mut planned = Vec::new();
        for a in atts {
            let Some(sha) = a.sha256.as_deref() else {
                continue;
            };
            let src = stored_path(&store, sha);
            let Ok(bytes) = self.read_stored(&src) else {
                continue;
            };
            let ty = crate::attachments::sniff_type(&bytes);
            let name = expected_name(&s.name_pattern, &case.info.case_no, a.kind, ty);
            let name = if planned.iter().any(|(n, _, _): &(String, _, _)| n == &name) {
                let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
                format!("{stem}（{}）.{ext}", planned.len() + 1)
            } else {
                name
            };
            planned.push((name, bytes, a));
        }
        let not_writable = |p: &Path, e: std::io::Error| Error::NotWritable {
            path: p.display().to_string(),
            detail: io_zh(&e),
        };
        std::fs::create_dir_all(out_dir).map_err(|e| not_writable(out_dir, e))?;
        let mut manifest = format!(
            "信访件编号：{}\n办理方式：{}\n检查结论：{}\n",
            case.info.case_no,
            case.method.map(|m| m.label()).unwrap_or("未确定"),
            report.verdict
        );
        if let Some(r) = reason {
            manifest.push_str(&format!(
                "强制打包理由：{r}\n未处理的问题：{}\n",
                blocking.join("；")
            ));
        }
        manifest.push_str("\n序号\t文件名\t文书种类\tsha256\t原文件名\n");
        let mut files = Vec::new();
        for (i, (name, bytes, a)) in planned.iter().enumerate() {
            let p = out_dir.join(name);
            std::fs::write(&p, bytes).map_err(|e| not_writable(&p, e))?;
            manifest.push_str(&format!(
                "{}\t{name}\t{}\t{}\t{}\n",
                i + 1,
                a.kind.label(),
                a.sha256.as_deref().unwrap_or(""),
                a.file_name
            ));
            files.push(name.clone());
        }
        let mp = out_dir.join(MANIFEST_NAME);
        std::fs::write(&mp, manifest).map_err(|e| not_writable(&mp, e))?;
        let overridden = !report.ok;
        let detail = match reason {
            Some(r) if overridden => format!(
                "附件上传包（{} 个文件）强制打包，理由：{r}；未处理：{}",
                files.len(),
                blocking.join("；")
            ),
            _ => format!("附件上传包（{} 个文件）", files.len()),
        };
        self.mutate(case_no, now, "attachments_package", |_, _, _, _| {
            Ok(Some(("attachments_packaged", *now, detail)))
        })?;
        Ok(PackageOutcome {
            case_no: case.info.case_no,
            out_dir: out_dir.display().to_string(),
            files,
            manifest: mp.display().to_string(),
            overridden,
            verdict: report.verdict,
        })
    }
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use super::{AttachOutcome, FilePages, PackageOutcome};
    use crate::api::CaseView;
    use crate::api::Desk;
    #[allow(unused_imports)]
    use crate::api::contract::{Command, DONE, Done, by_case_no};
    use crate::attachments::case::CaseAttachmentReport;
    use crate::attachments::{AttachmentSettings, FileReport};
    use crate::domain::DocKind;
    use crate::error::Result;
    use crate::time::Time;
    use std::path::PathBuf;

    /// 上传前检查一个文件。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct AttachmentInspectArgs {
        pub path: PathBuf,
        #[serde(default)]
        pub kind: Option<DocKind>,
        #[serde(default)]
        pub case_no: Option<String>,
    }
    impl Command for AttachmentInspectArgs {
        const NAME: &'static str = "attachment_inspect";
        type Response = FileReport;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<FileReport> {
            let _ = now;
            desk.inspect_file(&self.path, self.kind, self.case_no.as_deref())
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct AttachmentAddArgs {
        pub case_no: String,
        pub path: PathBuf,
        pub kind: DocKind,
    }
    impl Command for AttachmentAddArgs {
        const NAME: &'static str = "attachment_add";
        type Response = AttachOutcome;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<AttachOutcome> {
            let _ = now;
            desk.attach_file(&self.case_no, &self.path, self.kind, now)
        }
    }

    /// 浏览器上传（base64）。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct AttachmentUploadArgs {
        pub case_no: String,
        pub kind: DocKind,
        pub name: String,
        pub data_base64: String,
    }
    impl Command for AttachmentUploadArgs {
        const NAME: &'static str = "attachment_upload";
        type Response = AttachOutcome;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<AttachOutcome> {
            let _ = now;
            desk.upload_attachment(&self.case_no, &self.name, &self.data_base64, self.kind, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct AttachmentPagesArgs {
        pub case_no: String,
        pub file_name: String,
    }
    impl Command for AttachmentPagesArgs {
        const NAME: &'static str = "attachment_pages";
        type Response = FilePages;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<FilePages> {
            let _ = now;
            desk.attachment_pages(&self.case_no, &self.file_name, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct AttachmentRemoveArgs {
        pub case_no: String,
        pub file_name: String,
    }
    impl Command for AttachmentRemoveArgs {
        const NAME: &'static str = "attachment_remove";
        type Response = CaseView;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
            let _ = now;
            desk.remove_attachment(&self.case_no, &self.file_name, now)
        }
    }

    by_case_no!(
        AttachmentsCheckArgs,
        "attachments_check",
        CaseAttachmentReport,
        |desk, no, now| desk.check_attachments(no, now)
    );

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct AttachmentsPackageArgs {
        pub case_no: String,
        pub out: PathBuf,
        #[serde(default)]
        pub override_reason: Option<String>,
    }
    impl Command for AttachmentsPackageArgs {
        const NAME: &'static str = "attachments_package";
        type Response = PackageOutcome;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<PackageOutcome> {
            let _ = now;
            desk.package_attachments(
                &self.case_no,
                &self.out,
                self.override_reason.as_deref(),
                now,
            )
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct AttachmentSettingsGetArgs {}
    impl Command for AttachmentSettingsGetArgs {
        const NAME: &'static str = "attachment_settings_get";
        type Response = AttachmentSettings;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<AttachmentSettings> {
            let _ = now;
            desk.attachment_settings()
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(transparent)]
    pub struct AttachmentSettingsSetArgs(pub AttachmentSettings);
    impl Command for AttachmentSettingsSetArgs {
        const NAME: &'static str = "attachment_settings_set";
        type Response = AttachmentSettings;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<AttachmentSettings> {
            desk.set_attachment_settings(self.0, now)
        }
    }
}
