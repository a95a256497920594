//! `xinfang export` and `xinfang import`: the 台账 to and from .xlsx/.csv.

use std::path::PathBuf;

use clap::Args;
use xinfang::api::Desk;
use xinfang::time::Time;
use xinfang::{Error, Result};

use super::print;

#[derive(Args)]
pub(super) struct ExportArgs {
    file: PathBuf,
    /// 只导出这个责任单位
    #[arg(long)]
    unit: Option<String>,
    /// 只导出该年到达的件（也是“五率”表的年份）
    #[arg(long)]
    year: Option<i32>,
    /// 导出的列：default（常用台账列，默认）、all（全部列），或用逗号分隔的列名
    #[arg(long)]
    columns: Option<String>,
    /// 标题行文字
    #[arg(long)]
    title: Option<String>,
    /// 所有件的身份证号、电话都打码（给单位以外的人看的副本；检举控告件总是打码）
    #[arg(long)]
    mask_personal: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(super) struct ImportArgs {
    file: PathBuf,
    /// 只检查并预览，不写入台账
    #[arg(long)]
    dry_run: bool,
    /// 台账中已有的编号：skip（跳过，默认）或 update（用表中内容更新）
    #[arg(long, default_value = "skip")]
    on_existing: String,
    /// 工作表名称（默认第一个）
    #[arg(long)]
    sheet: Option<String>,
    /// 表头所在行号（默认自动识别）
    #[arg(long)]
    header_row: Option<usize>,
    /// 调整列映射，可多次使用：--map "反映人=信访人" --map "H=忽略"
    #[arg(long = "map", value_name = "列=字段")]
    map: Vec<String>,
    /// 保存本次的 --map，供以后导入使用
    #[arg(long)]
    save_mapping: bool,
    /// 表中没有责任单位时统一填写的单位（不给时用标题行“填报单位：…”，或台账中唯一的单位）
    #[arg(long)]
    unit: Option<String>,
    /// 没有来源的行用的来源（转送、交办、督办、直接受理）
    #[arg(long)]
    default_source: Option<String>,
    /// 没有信访形式的行用的形式（来信、来访、网上、来电）
    #[arg(long)]
    default_form: Option<String>,
    /// 没有信访目的的行用的目的（申诉求决、意见建议、检举控告、其他）
    #[arg(long)]
    default_purpose: Option<String>,
    /// 不导入这些行（表中的行号），可多次使用：--skip-row 7 --skip-row 12-15
    #[arg(long = "skip-row", value_name = "行号")]
    skip_row: Vec<String>,
    /// 跳过所有仍有问题的行（列在“跳过的行”中），只导入没有问题的行
    #[arg(long)]
    skip_rows_with_errors: bool,
    /// 有疑问的值保留在备注、不填入本项：不写值为全部，或行号（7）、行号:列（7:E、7:身份证号）
    #[arg(long = "keep-invalid-as-note", value_name = "行号[:列]", num_args = 0..=1, default_missing_value = "all")]
    keep_invalid_as_note: Vec<String>,
    /// 导入前改一格（表格文件不动），可多次使用：--set "7:E=2022-12-06" --set "9:来源=交办"
    #[arg(long = "set", value_name = "行号:列=新值")]
    set: Vec<String>,
    #[arg(long)]
    json: bool,
}

pub(super) fn export(desk: &mut Desk, a: ExportArgs, now: &Time) -> Result<()> {
    let ExportArgs {
        file,
        unit,
        year,
        columns,
        title,
        mask_personal,
        json,
    } = a;
    let opts = xinfang::exchange::ExportOptions {
        unit,
        year,
        mask_personal,
        columns: columns
            .as_deref()
            .map(xinfang::exchange::parse_columns)
            .transpose()?,
        title,
    };
    let report = xinfang::api::export_file(desk, &file, &opts, now)?;
    print::export(&report, json);
    Ok(())
}

pub(super) fn import(desk: &mut Desk, a: ImportArgs, now: &Time) -> Result<()> {
    let ImportArgs {
        file,
        dry_run,
        on_existing,
        sheet,
        header_row,
        map,
        save_mapping,
        unit,
        default_source,
        default_form,
        default_purpose,
        skip_row,
        skip_rows_with_errors,
        keep_invalid_as_note,
        set,
        json,
    } = a;
    let mut mapping = std::collections::BTreeMap::new();
    for m in &map {
        let (k, v) = m.split_once(['=', '＝']).ok_or_else(|| {
            Error::invalid("--map", format!("“{m}”应写成 列名=字段，如 反映人=信访人"))
        })?;
        mapping.insert(k.trim().to_string(), v.trim().to_string());
    }
    let opts = xinfang::exchange::ImportOptions {
        sheet,
        header_row,
        mapping,
        on_existing: xinfang::exchange::OnExisting::parse(&on_existing)?,
        dry_run,
        unit,
        save_mapping,
        limits: xinfang::exchange::Limits::default(),
        default_source: default_source
            .as_deref()
            .map(xinfang::domain::Source::parse)
            .transpose()?,
        default_form: default_form
            .as_deref()
            .map(xinfang::domain::Form::parse)
            .transpose()?,
        default_purpose: default_purpose
            .as_deref()
            .map(xinfang::domain::Purpose::parse)
            .transpose()?,
        skip_rows: skip_row
            .iter()
            .map(|s| xinfang::exchange::parse_rows(s))
            .collect::<Result<Vec<_>>>()?
            .concat(),
        skip_rows_with_errors,
        keep_as_note: keep_invalid_as_note,
        fixes: set
            .iter()
            .map(|s| xinfang::exchange::CellFix::parse(s))
            .collect::<Result<_>>()?,
    };
    let report = xinfang::api::import_file(desk, &file, &opts, now)?;
    print::import(&report, json);
    if report.errors_total > 0 {
        return Err(Error::ImportRejected {
            errors: report.errors_total,
        });
    }
    Ok(())
}
