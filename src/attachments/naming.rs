//! 命名规则：默认 `<信访件编号>-<文书名称>.<ext>`（设置项 name_pattern）。

use super::{FileType, Finding, InspectContext};
use crate::domain::DocKind;

/// 按规则得出的文件名。
pub fn expected_name(pattern: &str, case_no: &str, kind: DocKind, ty: FileType) -> String {
    pattern
        .replace("{case_no}", case_no.trim())
        .replace("{kind}", kind.label())
        .replace("{ext}", ty.extension())
}

fn extension(file_name: &str) -> Option<String> {
    let (stem, ext) = file_name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// 扩展名与内容不符（内容是允许的类型时）。
pub fn extension_mismatch(file_name: &str, ty: FileType) -> Option<Finding> {
    let ext = extension(file_name);
    match ext {
        Some(e) if ty.extensions().contains(&e.as_str()) => None,
        Some(e) => Some(Finding::warning(
            "extension_mismatch",
            format!(
                "扩展名“.{e}”与文件内容（{}）不符。请改为“.{}”；打包时会自动改正。",
                ty.label(),
                ty.extension()
            ),
        )),
        None => Some(Finding::warning(
            "extension_mismatch",
            format!(
                "文件名没有扩展名。内容是{}，请加上“.{}”；打包时会自动改正。",
                ty.label(),
                ty.extension()
            ),
        )),
    }
}

/// 核对命名。知道编号与种类时与规则逐字比较；否则只看是否形如“编号-文书名称”。
pub fn check(
    file_name: &str,
    ty: FileType,
    ctx: &InspectContext<'_>,
    pattern: &str,
) -> Vec<Finding> {
    if !ty.is_document() {
        return Vec::new();
    }
    let stem = file_name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(file_name);
    match (ctx.case_no, ctx.kind) {
        (Some(no), Some(kind)) => {
            let want = expected_name(pattern, no, kind, ty);
            let want_stem = want.rsplit_once('.').map(|(s, _)| s).unwrap_or(&want);
            if stem == want_stem {
                Vec::new()
            } else {
                vec![Finding::warning(
                    "name_convention",
                    format!("文件名应为“{want}”。打包时会自动按此命名；单独上传时请先改名。"),
                )]
            }
        }
        (_, kind) => {
            // 没有编号：只要求“某编号-文书名称”，且文书名称与所选种类一致。
            let label = stem.rsplit_once('-').map(|(_, l)| l);
            let ok = match (label, kind) {
                (Some(l), Some(k)) => l == k.label(),
                (Some(l), None) => DocKind::parse(l).is_ok(),
                (None, _) => false,
            };
            if ok {
                Vec::new()
            } else {
                let k = kind.map(|k| k.label()).unwrap_or("文书名称");
                vec![Finding::warning(
                    "name_convention",
                    format!(
                        "文件名应为“信访件编号-{k}.{}”（如“YC2026100001-{k}.{}”）。打包时会自动按此命名。",
                        ty.extension(),
                        ty.extension()
                    ),
                )]
            }
        }
    }
}
