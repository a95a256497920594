//! 扫描歪斜：投影轮廓法。把深色像素沿不同角度投影到纵轴，文字行对齐时投影最“尖”
//! （各行像素集中在少数几行格里，平方和最大）。在约 100 dpi 的缩小图上计算，每页几毫秒。

use image::GrayImage;

/// 搜索范围 ±15°：更大的歪斜已不是“放歪了”，而是方向错了（由页面比例检查发现）。
const RANGE_DEG: f64 = 15.0;
/// 比背景（中位灰度）深这么多的像素算作墨迹。
const INK_DARKER: i32 = 60;
/// 墨迹点太少（几乎空白）时不估计。
const MIN_POINTS: usize = 400;
/// 参与投影的墨迹点上限（超出时等距抽样），限定耗时：一页正文约 10 万个墨迹点，
/// 抽 4 万个足以定出行方向。
const MAX_POINTS: usize = 40_000;
/// 最优角度的投影“尖锐度”须比水平方向高出此比例才认为是真的歪斜，
/// 否则（如满页表格、照片）不报。
const MIN_GAIN: f64 = 1.15;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skew {
    /// 文字行相对水平方向的角度（度）；正值表示行从左向右往下倾斜。
    pub angle_deg: f64,
    /// 最优角度的投影平方和 ÷ 水平方向的投影平方和（≥ 1）。
    pub gain: f64,
}

/// 估计一页的歪斜角度；墨迹太少或没有明确的文字行方向时为 None。
pub fn estimate(g: &GrayImage) -> Option<Skew> {
    let (w, h) = (g.width() as i64, g.height() as i64);
    if w < 16 || h < 16 {
        return None;
    }
    let raw = g.as_raw();
    let mut hist = [0u32; 256];
    for &p in raw {
        hist[p as usize] += 1;
    }
    let half = raw.len() as u32 / 2;
    let mut acc = 0;
    let mut median = 255i32;
    for (v, c) in hist.iter().enumerate() {
        acc += c;
        if acc > half {
            median = v as i32;
            break;
        }
    }
    let dark: usize = hist[..(median - INK_DARKER).max(0) as usize]
        .iter()
        .map(|&c| c as usize)
        .sum();
    if dark < MIN_POINTS {
        return None;
    }
    let stride = dark.div_ceil(MAX_POINTS).max(1);
    let mut pts: Vec<(i32, i32)> = Vec::with_capacity(dark / stride + 1);
    let mut n = 0usize;
    for y in 0..h {
        let row = &raw[(y * w) as usize..((y + 1) * w) as usize];
        for (x, &p) in row.iter().enumerate() {
            if (p as i32) < median - INK_DARKER {
                if n.is_multiple_of(stride) {
                    pts.push((x as i32, y as i32));
                }
                n += 1;
            }
        }
    }
    let pad = (w as f64 * (RANGE_DEG.to_radians().tan()) + 2.0).ceil() as i64;
    let mut bins = vec![0u32; (h + 2 * pad) as usize];
    let mut score = |deg: f64| -> f64 {
        bins.iter_mut().for_each(|b| *b = 0);
        // Shear instead of rotation: for |θ| ≤ 15° the row offset y − x·tanθ is what matters.
        let t = (deg.to_radians().tan() * 65536.0) as i64;
        for &(x, y) in &pts {
            let b = y as i64 + pad - ((x as i64 * t) >> 16);
            if let Some(c) = bins.get_mut(b as usize) {
                *c += 1;
            }
        }
        bins.iter().map(|&c| (c as f64) * (c as f64)).sum()
    };
    let flat = score(0.0);
    let (mut best, mut best_score) = (0.0, flat);
    // Coarse: every 1° over ±15°; fine: every 0.1° within ±0.9° of the coarse best.
    for i in -(RANGE_DEG as i32)..=(RANGE_DEG as i32) {
        let sc = score(i as f64);
        if sc > best_score {
            (best, best_score) = (i as f64, sc);
        }
    }
    let coarse = best;
    for i in -9..=9 {
        let deg = coarse + i as f64 * 0.1;
        if i == 0 || deg.abs() > RANGE_DEG {
            continue;
        }
        let sc = score(deg);
        if sc > best_score {
            (best, best_score) = (deg, sc);
        }
    }
    let gain = if flat > 0.0 { best_score / flat } else { 1.0 };
    if best.abs() >= 0.5 && gain < MIN_GAIN {
        return None;
    }
    Some(Skew {
        angle_deg: (best * 10.0).round() / 10.0,
        gain: (gain * 100.0).round() / 100.0,
    })
}
