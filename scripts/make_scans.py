#!/usr/bin/env python3
"""Make an image-only ("图片版") copy of a PDF, as a scanner would: every page rendered, rotated
slightly, blurred, speckled with noise and saved with JPEG artefacts, then put back together as a
PDF of images with no text layer (or as a multi-page TIFF, by the output's extension).

Usage: python scripts/make_scans.py IN.pdf OUT.pdf|OUT.tif [--dpi 200] [--seed 1]
       [--max-rotation 1.0] [--noise 8] [--blur 0.6] [--quality 55] [--fade 0]

The defaults are a mediocre office scan: up to 1° of skew, Gaussian noise of σ 8 grey levels,
a 0.6 px blur and JPEG quality 55. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


def scan_pages(
    pdf_path: Path,
    *,
    dpi: int = 200,
    seed: int = 1,
    max_rotation: float = 1.0,
    noise: float = 8.0,
    blur: float = 0.6,
    quality: int = 55,
    fade: float = 0.0,
) -> list[Image.Image]:
    import pypdfium2 as pdfium

    rng = np.random.default_rng(seed)
    pages: list[Image.Image] = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for i in range(len(pdf)):
            img = pdf[i].render(scale=dpi / 72).to_pil().convert("L")
            angle = float(rng.uniform(-max_rotation, max_rotation))
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
            if blur > 0:
                img = img.filter(ImageFilter.GaussianBlur(blur))
            arr = np.asarray(img, dtype=np.float32)
            # A worn toner cartridge or a light scan setting: ink keeps 1 - fade of its darkness.
            arr = 255 - (255 - arr) * (1.0 - fade)
            # Paper is never pure white: a faint uneven tint, then sensor noise.
            arr = arr * 0.93 + 8 + rng.normal(0.0, noise, arr.shape)
            img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=quality)
            buf.seek(0)
            page = Image.open(buf)
            page.load()
            pages.append(page)
    finally:
        pdf.close()
    return pages


def save(pages: list[Image.Image], out: Path, dpi: int) -> None:
    if out.suffix.lower() in (".tif", ".tiff"):
        pages[0].save(
            out, save_all=True, append_images=pages[1:], compression="tiff_lzw", dpi=(dpi, dpi)
        )
    else:
        # Pillow embeds L/RGB pages as JPEG (DCTDecode); resolution keeps the A4 page size.
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-rotation", type=float, default=1.0)
    ap.add_argument("--noise", type=float, default=8.0)
    ap.add_argument("--blur", type=float, default=0.6)
    ap.add_argument("--quality", type=int, default=55)
    ap.add_argument("--fade", type=float, default=0.0, help="0–1: how much lighter the ink is")
    args = ap.parse_args(argv)
    pages = scan_pages(
        args.pdf,
        dpi=args.dpi,
        seed=args.seed,
        max_rotation=args.max_rotation,
        noise=args.noise,
        blur=args.blur,
        quality=args.quality,
        fade=args.fade,
    )
    save(pages, args.out, args.dpi)
    print(f"{args.out}: {len(pages)} image-only pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
