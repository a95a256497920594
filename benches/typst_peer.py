"""The documents benchmark's peer: the same 处理意见书 (masthead, 文号, title, addressee,
paragraphs, signature, date) set in the GB/T 9704 geometry by Typst (PyPI `typst`, the
compiler in-process), with the same bundled fonts and no system fonts.

Usage: python typst_peer.py SPEC.json   (written by benches/documents.rs)
Prints one JSON line: {"first_ms", "median_ms", "bytes", "version"}; writes the PDF to "out".
"""

import json
import pathlib
import statistics
import sys
import time

import typst


def esc(text: str) -> str:
    """Typst markup escapes for plain text."""
    for ch in "\\#*_`$<>@[]=-+/~\"'":
        text = text.replace(ch, "\\" + ch)
    return text


def source(spec: dict) -> str:
    body = "\n\n".join(esc(p) for p in spec["paragraphs"])
    return f"""
#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer: context align(center, text(font: "FandolFang R", size: 14pt)[— #counter(page).display() —]))
#set text(font: "FandolFang R", size: 16pt, lang: "zh", region: "cn")
#set par(first-line-indent: (amount: 2em, all: true), justify: true, leading: 0.8em, spacing: 0.8em)
#align(center, text(font: "FandolSong", size: 26pt, fill: rgb("#e60012"))[{esc(spec["masthead"])}])
#v(6mm)
#align(center)[{esc(spec["doc_no"])}]
#line(length: 100%, stroke: 2pt + rgb("#e60012"))
#v(8mm)
#align(center, text(font: "FandolSong", size: 22pt)[{esc(spec["title"])}])
#v(8mm)
#par(first-line-indent: 0em)[{esc(spec["addressee"])}]

{body}

#v(12mm)
#align(right)[{esc(spec["signature"])} #h(4em)]
#align(right)[{esc(spec["date"])} #h(4em)]
"""


def main() -> None:
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    main_typ = pathlib.Path(spec["out"]).with_suffix(".typ")
    main_typ.write_text(source(spec), encoding="utf-8")
    runs = int(spec.get("runs", 20))
    t0 = time.perf_counter()
    compiler = typst.Compiler(str(main_typ), font_paths=[spec["font_dir"]], ignore_system_fonts=True)
    pdf = compiler.compile()
    first = (time.perf_counter() - t0) * 1e3
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        pdf = compiler.compile()
        times.append((time.perf_counter() - t) * 1e3)
    pathlib.Path(spec["out"]).write_bytes(pdf)
    print(
        json.dumps(
            {
                "first_ms": first,
                "median_ms": statistics.median(times),
                "bytes": len(pdf),
                "version": getattr(typst, "__version__", "?"),
            }
        )
    )


if __name__ == "__main__":
    main()
