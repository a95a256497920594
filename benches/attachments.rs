//! 附件检查基准（issue #6）：一张 A4 JPEG（200/300 dpi）与一份 20 页 300 dpi 扫描 PDF 的
//! 检查耗时（中位数，含歪斜检测），以及 20 页的缩略图耗时。Run: `cargo bench --bench attachments`. Targets: 单张 300 dpi JPEG
//! ≤ 200 ms；20 页 300 dpi PDF ≤ 3 s。`-- --check` exits non-zero on a miss.

use std::time::{Duration, Instant};

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use lopdf::{Document, Object, Stream, dictionary};
use xinfang::attachments::{
    AttachmentSettings, InspectContext, estimate_skew, inspect_bytes, page_thumbs,
};

fn page(dpi: f64) -> RgbImage {
    let px = |mm: f64| (mm * dpi / 25.4).round() as u32;
    let (w, h) = (px(210.0), px(297.0));
    let mut img = RgbImage::from_pixel(w, h, Rgb([250, 250, 248]));
    let (glyph, stroke) = (px(5.0), px(0.5).max(1));
    let mut y = px(37.0);
    let mut n = 0u32;
    while y + glyph < h - px(35.0) {
        let mut x = px(28.0);
        while x + glyph < w - px(26.0) {
            n = n.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let o = (n >> 16) % (glyph - stroke);
            for i in 0..glyph {
                for s in 0..stroke {
                    img.put_pixel(x + i, y + o + s, Rgb([20, 20, 20]));
                    img.put_pixel(x + o + s, y + i, Rgb([20, 20, 20]));
                }
            }
            x += glyph + px(0.6);
        }
        y += glyph + px(3.5);
    }
    let k = dpi / 25.4;
    let (cx, cy, r) = (150.0 * k, 230.0 * k, 21.0 * k);
    for yy in (cy - r) as u32..(cy + r) as u32 {
        for xx in (cx - r) as u32..(cx + r) as u32 {
            let d = ((xx as f64 - cx).powi(2) + (yy as f64 - cy).powi(2)).sqrt();
            if (d <= r && d >= r - 1.2 * k) || d < 0.2 * r {
                img.put_pixel(xx, yy, Rgb([205, 35, 45]));
            }
        }
    }
    img
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img.clone())
        .write_to(&mut out, ImageFormat::Jpeg)
        .expect("encode");
    out.into_inner()
}

fn pdf(jpg: &[u8], w: u32, h: u32, pages: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        jpg.to_vec(),
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595.28 0 0 841.89 0 0 cm /Im1 Do Q".to_vec(),
    ));
    let kids: Vec<Object> = (0..pages)
        .map(|_| {
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content,
                "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => img_id } },
                "MediaBox" => vec![0.into(), 0.into(), Object::Real(595.28), Object::Real(841.89)],
            })
            .into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => pages as i64 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// CPU time of this process so far (user + system, ms) from /proc/self/stat; 0 where absent.
/// On a shared machine the wall time swings with the load; the CPU time per check does not.
fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is 14th, stime 15th overall.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) * 10.0
}

/// Median wall time and mean CPU time per run.
fn median(runs: usize, mut f: impl FnMut()) -> (Duration, f64) {
    let c0 = cpu_ms();
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    let cpu = (cpu_ms() - c0) / runs as f64;
    v.sort();
    (v[v.len() / 2], cpu)
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let s = AttachmentSettings::default();
    let ctx = InspectContext::default();
    let mut missed = false;
    println!("| 项目 | 中位数（墙钟） | 每次 CPU 时间 | 目标 |\n|---|---:|---:|---:|");
    for (dpi, target) in [(200.0, 200u128), (300.0, 200)] {
        let img = page(dpi);
        let j = jpeg(&img);
        let (d, cpu) = median(9, || {
            let r = inspect_bytes("x-受理告知书.jpg", &j, &ctx, &s);
            assert!(r.ok, "{:?}", r.findings);
        });
        missed |= d.as_millis() > target;
        println!(
            "| A4 JPEG {dpi:.0} dpi（{} KB） | {} ms | {cpu:.0} ms | ≤ {target} ms |",
            j.len() / 1024,
            d.as_millis()
        );
    }
    let img = page(300.0);
    let p = pdf(&jpeg(&img), img.width(), img.height(), 20);
    let mut s20 = s.clone();
    s20.max_bytes = u64::MAX;
    let (d, cpu) = median(3, || {
        let r = inspect_bytes("x-受理告知书.pdf", &p, &ctx, &s20);
        assert_eq!(r.pages.len(), 20);
    });
    missed |= d.as_millis() > 3000;
    println!(
        "| 20 页 300 dpi 扫描 PDF（{} KB） | {} ms | {cpu:.0} ms | ≤ 3000 ms |",
        p.len() / 1024,
        d.as_millis()
    );
    // The case page's thumbnails (attachment_pages): no target, reported for the UI.
    let (d, cpu) = median(3, || {
        let t = page_thumbs(&p, 30);
        assert!(t.iter().all(|t| t.data_url.is_some()));
    });
    println!(
        "| 20 页扫描 PDF 的缩略图（每页宽 240 像素） | {} ms | {cpu:.0} ms | — |",
        d.as_millis()
    );
    // The skew check alone, on the ~100 dpi analysis image of one page (part of every figure above).
    let gray = DynamicImage::ImageRgb8(page(100.0)).to_luma8();
    let (d, cpu) = median(21, || {
        assert!(estimate_skew(&gray).is_some());
    });
    println!(
        "| 其中：歪斜估计，每页（100 dpi 分析图） | {:.1} ms | {cpu:.1} ms | — |",
        d.as_secs_f64() * 1000.0
    );
    if check && missed {
        std::process::exit(1);
    }
}
