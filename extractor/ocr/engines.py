"""OCR engines: one small interface, two implementations of PaddleOCR's PP-OCR models.

- :class:`RapidOcrEngine` (default): RapidOCR 3.x on onnxruntime. Its wheel ships the PP-OCRv6
  detection and recognition models (and the angle classifier) under ``rapidocr/models``; we pass
  those files by path, so RapidOCR's download logic is never reached and nothing is fetched at
  run time. ``ocr_model_dir`` may point at other ``.onnx`` files (``*det*.onnx``, ``*rec*.onnx``).
- :class:`PaddleOcrEngine` (the ``paddle`` extra): PaddleOCR 3.x itself, with the detection and
  recognition model folders given by path (``ocr_model_dir`` holding a ``*det*`` and a ``*rec*``
  folder), for offline servers that already run Paddle.

Engines are expensive to build (model loading, ~0.3 s and ~150 MB), so :func:`get_engine` keeps
one per process and configuration.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from extractor.errors import InputError, install_hint

logger = logging.getLogger(__name__)

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]

ENGINES = ("rapidocr", "paddleocr")


@dataclass(frozen=True, slots=True)
class OcrBox:
    """One recognised text line: its text, its four corners (clockwise from top-left, in image
    pixels) and the recogniser's confidence."""

    text: str
    quad: Quad
    score: float
    chars: tuple[tuple[str, float, float], ...] = ()
    """Each non-space character with its left and right x, where the engine gives them: a
    box that runs across a table rule is split by where its characters really are."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return (min(xs), min(ys), max(xs), max(ys))


class OcrEngine(Protocol):
    name: str

    def recognize(self, image: np.ndarray, chars: bool = False) -> list[OcrBox]:
        """Text lines of a grayscale or BGR ``uint8`` image; ``chars`` asks for each
        character's position too (``OcrBox.chars``), where the engine can give it."""
        ...


def unavailable(what: str, exc: BaseException | None = None) -> InputError:
    extra = "paddle" if what == "paddleocr" else "ocr"
    detail = f" ({type(exc).__name__}: {exc})" if exc is not None else ""
    return InputError(
        f"OCR with {what} is not installed{detail}; install the extra: {install_hint(extra)}",
        code="ocr_unavailable",
    )


# Whitespace the recogniser puts between a CJK character and anything else ("1. 属于国家秘密"):
# Chinese has no spaces, and a stray one turns the row numbering "1." into a value for the
# table chain. Spaces between two ASCII words or numbers ("0 0") are real and stay.
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])|(?<=[.．、])\s+(?=\D)")


def tidy(text: str) -> str:
    return _CJK_SPACE.sub("", text.strip())


def _chars(text: str, word: Any) -> tuple[tuple[str, float, float], ...]:
    """(character, left x, right x) for each non-space character of ``text``, from RapidOCR's
    single-character boxes; empty when they do not line up with the text."""
    try:
        spans = []
        for item in word or ():
            ch, _score, box = item
            if box is None:
                return ()
            xs = [float(p[0]) for p in box]
            for c in str(ch):
                if not c.isspace():
                    spans.append((c, min(xs), max(xs)))
    except (TypeError, ValueError):
        return ()
    if "".join(c for c, _, _ in spans) != "".join(text.split()):
        return ()
    return tuple(spans)


def _quad(points: Any) -> Quad:
    p = [(float(x), float(y)) for x, y in np.asarray(points, dtype=float).reshape(-1, 2)[:4]]
    return (p[0], p[1], p[2], p[3])


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(
        self, max_side: int = 2500, model_dir: str | None = None, threads: int | None = None
    ) -> None:
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError as exc:
            raise unavailable("rapidocr", exc) from exc
        folder = Path(model_dir) if model_dir else Path(rapidocr.__file__).parent / "models"
        det = _one(folder, "*det*.onnx")
        rec = _one(folder, "*rec*.onnx")
        if det is None or rec is None:
            raise InputError(
                f"no PP-OCR detection and recognition .onnx models in {folder}; "
                "reinstall the ocr extra or point ocr_model_dir at them",
                code="ocr_unavailable",
            )
        params: dict[str, Any] = {
            # The page is resized so its long side is at most max_side before detection; 2500 px
            # keeps a 200 dpi A4 page (2339 px) whole, so small table digits survive.
            "Global.max_side_len": max_side,
            "Global.log_level": "warning",
            # Pages are upright (PDF renders, scans fed the right way up); the 180° classifier
            # only costs time (~10%) and occasionally flips a short box such as "0".
            "Global.use_cls": False,
            # Detection on the long side capped at 1280 px: a third of the time of full 200 dpi
            # detection on hzq2023 with the same boxes (measured); recognition still crops from
            # the full-resolution page.
            "Det.limit_type": "max",
            "Det.limit_side_len": 1280,
            "Det.model_path": str(det),
            "Rec.model_path": str(rec),
            # Each text line is recognised alone, padded to at least 96 px (2× the 48 px height).
            # RapidOCR's default pads every line to at least 320 px (6.7× the height) in batches
            # of 6 padded to the widest line: on a table page, where most lines are one short
            # number, that padding was most of the recognition work. Measured on 18 scanned pages
            # (hzq2023 and the three Pingtan reports, 1,484 lines): 4.2 → 3.1 s/page for the
            # engine; 9 of 1,484 lines read differently (a closing bracket, spaces in page numbers
            # and in "0 0"), every table field the same. A 48 px floor turned lone zeros into "O"
            # or lost them; 64–160 px read alike. Batches of 6/12/24 were slower than 1.
            "Rec.rec_img_shape": [3, 48, 96],
            "Rec.rec_batch_num": 1,
            # Lines whose recogniser score is below this are dropped by RapidOCR; stamps and
            # noise score < 0.5, real text on our scans > 0.8.
            "Global.text_score": 0.5,
        }
        if threads is not None:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        try:
            self._engine = RapidOCR(params=params)
        except MemoryError:
            raise  # the worker's memory cap, not a broken install
        except Exception as exc:  # a broken install or model file, not the user's input
            raise unavailable("rapidocr", exc) from exc
        logger.info("RapidOCR ready: det=%s rec=%s", det.name, rec.name)

    def recognize(self, image: np.ndarray, chars: bool = False) -> list[OcrBox]:
        # Character boxes come from the recogniser's CTC alignment (no extra model run), but
        # their Python post-processing costs ~10% of a page (measured 1.71–1.83 vs 1.88–2.06
        # s/page on hzq2023), so only pages with table rules ask for them.
        flags = {"return_word_box": True, "return_single_char_box": True} if chars else {}
        result: Any = self._engine(image, **flags)
        boxes = getattr(result, "boxes", None)
        texts = getattr(result, "txts", None)
        scores = getattr(result, "scores", None)
        if boxes is None or texts is None or scores is None:  # nothing found on the page
            return []
        words = getattr(result, "word_results", None) or ()
        if len(words) != len(texts):  # never give one line another line's positions
            words = [()] * len(texts)
        out = []
        for quad, text, score, word in zip(boxes, texts, scores, words, strict=False):
            if str(text).strip():
                tidied = tidy(str(text))
                out.append(OcrBox(tidied, _quad(quad), float(score), _chars(tidied, word)))
        return out


class PaddleOcrEngine:
    name = "paddleocr"

    def __init__(self, max_side: int = 2500, model_dir: str | None = None) -> None:
        try:
            from paddleocr import PaddleOCR
        except ImportError as exc:
            raise unavailable("paddleocr", exc) from exc
        if not model_dir:
            raise InputError(
                "PaddleOCR needs its model folders given by path (ocr_model_dir: a folder with a "
                "*det* and a *rec* model folder), since nothing is downloaded at run time",
                code="ocr_unavailable",
            )
        folder = Path(model_dir)
        det = _one(folder, "*det*", folders=True)
        rec = _one(folder, "*rec*", folders=True)
        if det is None or rec is None:
            raise InputError(
                f"no *det* and *rec* PaddleOCR model folders in {folder}", code="ocr_unavailable"
            )
        kwargs: dict[str, Any] = {
            "text_detection_model_dir": str(det),
            "text_recognition_model_dir": str(rec),
            "use_doc_orientation_classify": False,
            "use_doc_unwarping": False,
            "use_textline_orientation": False,
            "text_det_limit_type": "max",
            "text_det_limit_side_len": min(max_side, 1280),
        }
        for key, path in (("text_detection_model_name", det), ("text_recognition_model_name", rec)):
            name = _paddle_model_name(path)
            if name:
                kwargs[key] = name
        self._kwargs = kwargs
        try:
            self._engine = PaddleOCR(**kwargs)
        except Exception as exc:
            raise unavailable("paddleocr", exc) from exc

    def _predict(self, image: np.ndarray) -> list[Any]:
        try:
            return list(self._engine.predict(image))
        except NotImplementedError as exc:
            # paddlepaddle 3.3.x: the oneDNN (MKL-DNN) executor cannot run the PP-OCRv5 programs
            # ("ConvertPirAttribute2RuntimeAttribute not support ArrayAttribute<DoubleAttribute>",
            # PaddlePaddle/Paddle#79749). Rebuild once without oneDNN: correct, ~7x slower on CPU.
            if "ConvertPirAttribute2RuntimeAttribute" not in str(exc) or not self._kwargs.get(
                "enable_mkldnn", True
            ):
                raise
            from paddleocr import PaddleOCR

            logger.warning("PaddleOCR: oneDNN fails on this paddlepaddle, running without it")
            self._kwargs = {**self._kwargs, "enable_mkldnn": False}
            self._engine = PaddleOCR(**self._kwargs)
            return list(self._engine.predict(image))

    def recognize(self, image: np.ndarray, chars: bool = False) -> list[OcrBox]:
        if image.ndim == 2:
            image = np.repeat(image[:, :, None], 3, axis=2)
        out: list[OcrBox] = []
        for res in self._predict(image):
            # PaddleOCR 3.x results are dict-like OCRResult objects; their .json nests the same
            # keys under "res".
            data = res if "rec_texts" in res else res.json["res"]
            for quad, text, score in zip(
                data["rec_polys"], data["rec_texts"], data["rec_scores"], strict=False
            ):
                if str(text).strip():
                    out.append(OcrBox(tidy(str(text)), _quad(quad), float(score)))
        return out


def _one(folder: Path, pattern: str, *, folders: bool = False) -> Path | None:
    if not folder.is_dir():
        return None
    found = sorted(p for p in folder.glob(pattern) if (p.is_dir() if folders else p.is_file()))
    return found[0] if found else None


def _paddle_model_name(folder: Path) -> str | None:
    """PaddleX wants the model's name with its folder; it is in the folder's inference.yml."""
    for name in ("inference.yml", "config.json"):
        path = folder / name
        if path.is_file():
            m = re.search(r"model_name\"?\s*:\s*\"?([\w.-]+)", path.read_text(encoding="utf-8"))
            if m:
                return m.group(1)
    return None


@functools.lru_cache(maxsize=4)
def get_engine(
    name: str = "rapidocr",
    max_side: int = 2500,
    model_dir: str | None = None,
    threads: int | None = None,
) -> Any:
    """The process's engine for this configuration, built on first use."""
    if name == "rapidocr":
        return RapidOcrEngine(max_side, model_dir, threads)
    if name == "paddleocr":
        return PaddleOcrEngine(max_side, model_dir)
    raise InputError(
        f"unknown OCR engine {name!r} (one of {', '.join(ENGINES)})", code="bad_option"
    )
