//! 文书 commands: draft a notice as PDF, the 文号 register, print and open.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Subcommand;
use xinfang::api::{Desk, DocNoRequest};
use xinfang::documents::DraftRequest;
use xinfang::documents::printing;
use xinfang::domain::DocKind;
use xinfang::time::Time;
use xinfang::{Error, Result};

#[derive(clap::Args)]
pub struct DraftArgs {
    case_no: String,
    /// acceptance_notice|decline_notice|handling_opinion|reply_opinion|reply_letter|delivery_receipt
    #[arg(long)]
    kind: String,
    /// 输出的 PDF 文件（默认保存到台账旁的 文书/<编号>/<编号>-<文书名称>.pdf，随案留存）
    #[arg(long)]
    out: Option<PathBuf>,
    /// 正式文书（无“草稿”水印；处理意见书、答复意见书须已完成两级签批）
    #[arg(long = "final")]
    final_copy: bool,
    /// 修改后的正文（文本文件，- 表示标准输入；每行一段）
    #[arg(long, value_name = "FILE|-")]
    body: Option<String>,
    /// 主送对象（不是信访人时填写；检举控告件将隐去检举人身份）
    #[arg(long)]
    recipient: Option<String>,
    /// 模板占位符的值，如 --var review_office=永川区人民政府（可重复）
    #[arg(long = "var", value_name = "名称=值")]
    vars: Vec<String>,
    /// 送达回证：同时送达的文书，逗号分隔
    #[arg(long, value_delimiter = ',')]
    served: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum DocNoCmd {
    /// 编一个新文号（不重复使用；与文书同时登记）
    Allocate {
        /// 机关代字，如 永住建信（不写时用设置中的机关代字）
        #[arg(long)]
        prefix: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long = "case")]
        case_no: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 作废文号（保留记录，不再使用）
    Void {
        doc_no: String,
        #[arg(long)]
        reason: String,
    },
    /// 文号登记簿
    List {
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

pub fn draft(desk: &Desk, a: DraftArgs, now: &Time) -> Result<()> {
    let mut req = DraftRequest::new(DocKind::parse(&a.kind)?);
    req.final_copy = a.final_copy;
    req.recipient = a.recipient;
    req.body = a.body.as_deref().map(super::read_input).transpose()?;
    req.served = a
        .served
        .iter()
        .map(|s| DocKind::parse(s))
        .collect::<Result<_>>()?;
    let mut vars = BTreeMap::new();
    for v in &a.vars {
        let Some((k, val)) = v.split_once('=') else {
            return Err(Error::invalid("--var", format!("“{v}”应写成 名称=值")));
        };
        vars.insert(k.trim().to_string(), val.to_string());
    }
    req.vars = vars;
    let d = desk.draft_document(&a.case_no, &req, now)?;
    let out = match a.out {
        Some(p) => p,
        None => {
            // Kept with the case: 文书/<case_no>/ next to the ledger.
            let safe: String = a
                .case_no
                .trim()
                .chars()
                .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
                .collect();
            let dir = desk
                .path()
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .join("文书")
                .join(&safe);
            std::fs::create_dir_all(&dir).map_err(|e| Error::NotWritable {
                path: dir.display().to_string(),
                detail: xinfang::error::io_zh(&e),
            })?;
            let name = d.file_name.replace(a.case_no.trim(), &safe);
            dir.join(if d.draft {
                name.replace(".pdf", "-草稿.pdf")
            } else {
                name
            })
        }
    };
    desk.save_document(&out, &d.pdf)?;
    if a.json {
        let mut v = serde_json::to_value(&d).unwrap_or_default();
        if let serde_json::Value::Object(m) = &mut v {
            m.insert("path".into(), out.display().to_string().into());
        }
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else {
        println!(
            "已生成{}：{}（{} 页，{} KB{}）",
            if d.draft { "草稿" } else { "正式文书" },
            out.display(),
            d.pages,
            d.bytes.div_ceil(1024),
            d.doc_no
                .as_deref()
                .map(|n| format!("，文号 {n}"))
                .unwrap_or_default()
        );
        if d.masked {
            println!("检举控告件：主送对象不是检举人，已隐去检举人身份信息。");
        }
        if !d.fallback_chars.is_empty() {
            eprintln!(
                "提示：“{}”不在正文字体中，已用后备字体印出，请核对。",
                d.fallback_chars.concat()
            );
        }
    }
    Ok(())
}

pub fn doc_no(desk: &mut Desk, c: DocNoCmd, now: &Time) -> Result<()> {
    match c {
        DocNoCmd::Allocate {
            prefix,
            unit,
            year,
            case_no,
            kind,
            json,
        } => {
            let req = DocNoRequest {
                prefix,
                unit,
                year,
                case_no,
                kind: kind.as_deref().map(DocKind::parse).transpose()?,
            };
            let n = desk.doc_no_allocate(&req, now)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&n).unwrap_or_default());
            } else {
                println!("{}", n.doc_no);
            }
        }
        DocNoCmd::Void { doc_no, reason } => {
            let n = desk.doc_no_void(&doc_no, &reason, now)?;
            println!("已作废：{}（理由：{}）", n.doc_no, reason.trim());
        }
        DocNoCmd::List { unit, year, json } => {
            let rows = desk.doc_no_list(unit.as_deref(), year)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                );
            } else if rows.is_empty() {
                println!("文号登记簿为空。");
            } else {
                for r in rows {
                    let status = if r.status == "voided" {
                        format!("已作废（{}）", r.reason.unwrap_or_default())
                    } else {
                        "已使用".into()
                    };
                    let used = match (&r.case_no, r.kind) {
                        (Some(c), Some(k)) => format!("{c} {}", k.label()),
                        _ => String::new(),
                    };
                    println!("{}\t{}\t{}\t{}", r.doc_no, r.unit, status, used);
                }
            }
        }
    }
    Ok(())
}

/// A sealed document (kept beside an encrypted ledger) needs the ledger's key.
fn viewable(file: &std::path::Path, db: Option<&std::path::Path>) -> Result<std::path::PathBuf> {
    let mut head = [0u8; 8];
    let sealed = std::fs::File::open(file)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == xinfang::security::files::MAGIC;
    match (sealed, db) {
        (false, _) => Ok(file.to_path_buf()),
        (true, Some(db)) => super::security::open_desk(db, false)?.viewable_document(file),
        (true, None) => Err(Error::Security(
            "这份文书已加密，需要打开台账才能查看。请用 --db 指定台账".into(),
        )),
    }
}

pub fn print(
    file: &std::path::Path,
    printer: Option<&str>,
    db: Option<&std::path::Path>,
) -> Result<()> {
    let plain = viewable(file, db)?;
    let answer = printing::print_pdf(&plain, printer)?;
    println!(
        "已送打印机：{}{}",
        file.display(),
        if answer.is_empty() {
            String::new()
        } else {
            format!("（{answer}）")
        }
    );
    Ok(())
}

pub fn open(file: &std::path::Path, db: Option<&std::path::Path>) -> Result<()> {
    printing::open_pdf(&viewable(file, db)?)
}
