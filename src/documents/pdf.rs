//! Writes laid-out pages as a PDF with printpdf: only the faces actually used are added,
//! and they are embedded as subsets (the `text_layout` feature) with ToUnicode maps, so
//! the file stays near 100 KB and `pdftotext` returns the Chinese exactly.

use std::collections::HashMap;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, TextItem, TextMatrix,
};

use super::fonts::{Face, FontSet};
use super::layout::{PAGE_H_MM, PAGE_W_MM, Page, Rgb as LRgb};
use crate::error::{Error, Result};

fn color(c: LRgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(c.0, c.1, c.2, None))
}

/// The PDF bytes of `pages`, titled `title`.
pub fn write(title: &str, pages: &[Page], fonts: &FontSet) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(title);
    let mut ids: HashMap<Face, FontId> = HashMap::new();
    for p in pages {
        for g in &p.glyphs {
            if let std::collections::hash_map::Entry::Vacant(e) = ids.entry(g.face) {
                let face = fonts.face(g.face).ok_or_else(|| Error::Font {
                    detail: "后备字体不可用".into(),
                })?;
                e.insert(doc.add_font(&face.parsed));
            }
        }
    }
    let mut out_pages = Vec::with_capacity(pages.len());
    for p in pages {
        let mut ops = Vec::with_capacity(p.glyphs.len() * 2 + p.rules.len() * 3 + 8);
        for r in &p.rules {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetOutlineColor {
                col: color(r.color),
            });
            ops.push(Op::SetOutlineThickness { pt: Pt(r.width) });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(r.x1),
                                y: Pt(r.y1),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(r.x2),
                                y: Pt(r.y2),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
            ops.push(Op::RestoreGraphicsState);
        }
        if !p.glyphs.is_empty() {
            ops.push(Op::StartTextSection);
            let mut cur_font: Option<(Face, f32)> = None;
            let mut cur_color: Option<LRgb> = None;
            // Consecutive glyphs on one baseline at their natural advance could share one
            // ShowText; positioning each keeps the grid exact and costs little.
            for g in &p.glyphs {
                if cur_font != Some((g.face, g.size)) {
                    if let Some(id) = ids.get(&g.face) {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(id.clone()),
                            size: Pt(g.size),
                        });
                    }
                    cur_font = Some((g.face, g.size));
                }
                if cur_color != Some(g.color) {
                    ops.push(Op::SetFillColor {
                        col: color(g.color),
                    });
                    cur_color = Some(g.color);
                }
                let matrix = if g.angle == 0.0 {
                    TextMatrix::Translate(Pt(g.x), Pt(g.y))
                } else {
                    let (s, c) = g.angle.to_radians().sin_cos();
                    TextMatrix::Raw([c, s, -s, c, g.x, g.y])
                };
                ops.push(Op::SetTextMatrix { matrix });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(g.c.to_string())],
                });
            }
            ops.push(Op::EndTextSection);
        }
        out_pages.push(PdfPage::new(Mm(PAGE_W_MM), Mm(PAGE_H_MM), ops));
    }
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    Ok(doc.with_pages(out_pages).save(&opts, &mut warnings))
}
