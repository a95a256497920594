//! Every size limit in one place (issue #8 §5): what one record, one request and one import
//! may hold. Each refusal names the limit in its Chinese message; docs/rules.md lists them.
//! The limits are far above any real case (the longest 主要诉求 in the notice's samples is a
//! few hundred characters) and far below what would slow the ledger or exhaust memory.

/// 主要诉求, 建议意见, 事实和理由, 信访经过, 备注: characters per field.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Petitioners registered on one case; a collective visit registers its representatives
/// and the head count (人数).
pub const MAX_PETITIONERS: usize = 200;
/// A petitioner's name.
pub const MAX_NAME_CHARS: usize = 64;
/// A petitioner's address.
pub const MAX_ADDRESS_CHARS: usize = 200;
/// Short fields: 责任单位, 来源机关, 内容分类, 热点问题, 信访原因, leaders, 科室, 责任人,
/// the earlier case number of a repeat.
pub const MAX_SHORT_CHARS: usize = 200;
/// One JSON request to `xinfang serve` (axum's body limit) and one JSON document read by the
/// CLI (`--json FILE` or stdin). A case at every text limit is about 0.3 MB.
pub const MAX_REQUEST_BYTES: usize = 4 << 20;
/// One `attachment_upload` request to `xinfang serve`: a scan of up to 32 MB as base64 in JSON.
pub const MAX_UPLOAD_REQUEST_BYTES: usize = 48 << 20;
/// Import: the spreadsheet file itself.
pub const MAX_IMPORT_FILE_BYTES: u64 = 200 << 20;
/// Import: one part of an .xlsx/.ods after decompression (zip-bomb guard).
pub const MAX_IMPORT_PART_BYTES: u64 = 512 << 20;
/// Import: all parts together after decompression.
pub const MAX_IMPORT_TOTAL_BYTES: u64 = 1 << 30;
/// Import: data rows in one sheet.
pub const MAX_IMPORT_ROWS: usize = 200_000;
/// Import: columns read per row; later ones are ignored with a warning.
pub const MAX_IMPORT_COLUMNS: usize = 200;

/// "4 MB", "200 字节" — how a byte limit is named in a message.
pub fn bytes_zh(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else if bytes >= 1 << 10 {
        format!("{} KB", bytes >> 10)
    } else {
        format!("{bytes} 字节")
    }
}
