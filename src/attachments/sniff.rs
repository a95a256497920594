//! 按文件内容（魔数）识别类型，不看扩展名。

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
    Gif,
    Bmp,
    Tiff,
    Webp,
    /// zip 及以 zip 为容器的 docx、xlsx、ofd。
    Zip,
    Rar,
    SevenZip,
    /// Windows 可执行文件（MZ）。
    Exe,
    Elf,
    /// 旧版 Office（.doc/.xls）。
    OleOffice,
    Unknown,
}

impl FileType {
    pub fn code(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpeg",
            FileType::Png => "png",
            FileType::Gif => "gif",
            FileType::Bmp => "bmp",
            FileType::Tiff => "tiff",
            FileType::Webp => "webp",
            FileType::Zip => "zip",
            FileType::Rar => "rar",
            FileType::SevenZip => "7z",
            FileType::Exe => "exe",
            FileType::Elf => "elf",
            FileType::OleOffice => "ole",
            FileType::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Jpeg => "JPEG 图片",
            FileType::Png => "PNG 图片",
            FileType::Gif => "GIF 图片",
            FileType::Bmp => "BMP 图片",
            FileType::Tiff => "TIFF 图片",
            FileType::Webp => "WebP 图片",
            FileType::Zip => "压缩包（zip，或 Word/Excel/OFD 文档）",
            FileType::Rar => "RAR 压缩包",
            FileType::SevenZip => "7z 压缩包",
            FileType::Exe => "Windows 程序（exe）",
            FileType::Elf => "程序文件",
            FileType::OleOffice => "旧版 Word/Excel 文档",
            FileType::Unknown => "无法识别的文件",
        }
    }

    /// 本模块能检查的文书格式。
    pub fn is_document(self) -> bool {
        matches!(self, FileType::Pdf | FileType::Jpeg | FileType::Png)
    }

    /// 上传包中使用的扩展名。
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            other => other.code(),
        }
    }

    /// 与该类型相符的扩展名（小写）。
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Jpeg => &["jpg", "jpeg", "jpe"],
            FileType::Png => &["png"],
            FileType::Tiff => &["tif", "tiff"],
            _ => &[],
        }
    }
}

pub fn detect(b: &[u8]) -> FileType {
    let starts = |m: &[u8]| b.starts_with(m);
    // PDF 头可在前 1024 字节内任意位置（规范允许前置垃圾）。
    let head = &b[..b.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return FileType::Pdf;
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        FileType::Jpeg
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        FileType::Png
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        FileType::Gif
    } else if starts(b"BM") && b.len() > 14 {
        FileType::Bmp
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        FileType::Tiff
    } else if starts(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        FileType::Webp
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        FileType::Zip
    } else if starts(b"Rar!\x1a\x07") {
        FileType::Rar
    } else if starts(b"7z\xBC\xAF\x27\x1C") {
        FileType::SevenZip
    } else if starts(b"MZ") {
        FileType::Exe
    } else if starts(b"\x7FELF") {
        FileType::Elf
    } else if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        FileType::OleOffice
    } else {
        FileType::Unknown
    }
}
