"""The ``extractor`` command: a thin shell over the library.

Exit codes: 0 the record is ok or partial, 1 the document failed (its record is still written),
2 usage error. Heavy imports wait until a command runs, so ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from extractor._version import __version__

if TYPE_CHECKING:
    from extractor.options import Options

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Structured JSON from 政府信息公开工作年度报告 (Chinese government "
        "information-disclosure annual reports).",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    parser.add_argument("--debug", action="store_true", help="log details and show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract one report and print its JSON record")
    ex.add_argument("source", help="a file path, an http(s) URL, or - for standard input")
    ex.add_argument("-o", "--output", type=Path, help="write the record to this file")
    ex.add_argument("--pretty", action="store_true", help="indent the JSON")
    ex.add_argument("--max-bytes", type=int, help="refuse inputs larger than this")
    ex.add_argument(
        "--allow-private",
        action="store_true",
        help="allow URLs on private or loopback addresses",
    )
    ex.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    _document_options(ex)

    batch = sub.add_parser(
        "batch",
        help="extract every document in folders, archives, files and URL lists",
        description="Writes OUT_DIR/records.jsonl (one record per document), dataset.csv and "
        "summary.json. A rerun resumes: documents already done are skipped.",
    )
    batch.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="folder, file, archive or URL list"
    )
    batch.add_argument("-o", "--out", type=Path, required=True, metavar="OUT_DIR")
    batch.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    batch.add_argument("--timeout", type=float, default=120.0, help="seconds per document")
    batch.add_argument("--force", action="store_true", help="redo documents already done")
    batch.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run on a Dask cluster (scheduler address, or 'local'; needs the distributed "
        "extra; DASK_SCHEDULER_ADDRESS works too)",
    )
    batch.add_argument("--max-bytes", type=int, help="refuse inputs larger than this")
    batch.add_argument("--allow-private", action="store_true", help=argparse.SUPPRESS)
    batch.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    _document_options(batch)

    serve = sub.add_parser(
        "serve",
        help="run the HTTP API and web page (needs the server extra)",
        description="FastAPI on uvicorn: POST /v1/extract, /v1/batches, a web page at /. "
        "See docs/server.md.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument(
        "--data-dir",
        type=Path,
        help="batch jobs and their state (default ~/.local/share/extractor)",
    )
    serve.add_argument(
        "--token",
        default=os.environ.get("EXTRACTOR_TOKEN") or None,
        help="require 'Authorization: Bearer TOKEN' on /v1 (default: $EXTRACTOR_TOKEN)",
    )
    serve.add_argument(
        "--allow-private", action="store_true", help="allow URLs on private or loopback addresses"
    )
    serve.add_argument("--workers", type=int, help="processes for single documents (all cores)")
    serve.add_argument("--batch-workers", type=int, help="processes per batch (all cores)")
    serve.add_argument("--max-upload-mb", type=float, default=64.0, help="cap of one document")
    serve.add_argument("--max-archive-mb", type=float, default=1024.0, help="cap of a batch")
    serve.add_argument("--max-jobs", type=int, default=2, help="batches queued or running")
    serve.add_argument(
        "--max-pending", type=int, default=64, help="single documents in flight or waiting"
    )
    serve.add_argument(
        "--request-timeout", type=float, default=120.0, help="seconds per /v1/extract request"
    )
    serve.add_argument("--timeout", type=float, default=120.0, help="seconds per batch document")
    serve.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    cmp = sub.add_parser(
        "compare",
        help="compare a body's reports of two years and print the comparison's JSON",
        description="OLD and NEW are sources (extracted first) or saved record JSON files. "
        "See docs/compare.md.",
    )
    cmp.add_argument("old", metavar="OLD", help="the earlier report: a source or a record .json")
    cmp.add_argument("new", metavar="NEW", help="the later report: a source or a record .json")
    cmp.add_argument("-o", "--output", type=Path, help="write the comparison to this file")
    cmp.add_argument("--pretty", action="store_true", help="indent the JSON")
    cmp.add_argument("--max-bytes", type=int, help="refuse inputs larger than this")
    cmp.add_argument("--allow-private", action="store_true", help=argparse.SUPPRESS)
    cmp.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    _document_options(cmp)

    fields = sub.add_parser("fields", help="print the data dictionary of canonical field ids")
    fields.add_argument("--format", choices=("tsv", "markdown", "json"), default="tsv")
    fields.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "fields":
            return _fields(args.format)
        if args.command == "batch":
            return _batch(args, parser)
        if args.command == "serve":
            return _serve(args, parser)
        if args.command == "compare":
            return _compare(args, parser)
        return _extract(args, parser)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # Bad input never gets here (it becomes a failed record); this is a bug or an I/O error.
        if args.debug:
            raise
        print(f"extractor: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _fields(fmt: str) -> int:
    from extractor import fields

    text = {"tsv": fields.to_tsv, "markdown": fields.to_markdown, "json": fields.to_json}[fmt]()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _document_options(sub: argparse.ArgumentParser) -> None:
    """Options of how each document is read, shared by extract and batch."""
    sub.add_argument(
        "--ocr-engine",
        choices=("rapidocr", "paddleocr"),
        help="OCR engine for scans and images (default rapidocr; see docs/ocr.md)",
    )
    sub.add_argument("--ocr-dpi", type=int, help="render PDF pages for OCR at this dpi (200)")
    sub.add_argument("--ocr-model-dir", help="folder with the OCR model files (paddleocr needs it)")
    sub.add_argument(
        "--keywords",
        choices=("tfidf", "textrank"),
        help="how section keywords are ranked (default tfidf with the corpus IDF)",
    )


def _options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Options:
    from pydantic import ValidationError

    from extractor.options import Options

    overrides: dict[str, object] = {"allow_private_urls": args.allow_private}
    if args.max_bytes is not None:
        overrides["max_input_bytes"] = args.max_bytes
    for flag, field in (
        ("ocr_engine", "ocr_engine"),
        ("ocr_dpi", "ocr_dpi"),
        ("ocr_model_dir", "ocr_model_dir"),
        ("keywords", "keyword_method"),
    ):
        if getattr(args, flag, None) is not None:
            overrides[field] = getattr(args, flag)
    try:
        return Options.model_validate(overrides)
    except ValidationError as exc:
        parser.error(f"bad option: {exc.errors()[0]['msg']}")


def _batch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from extractor.batch import run_batch

    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    options = _options(args, parser)
    logging.getLogger("extractor").setLevel(logging.DEBUG if args.debug else logging.INFO)
    result = run_batch(
        args.inputs,
        args.out,
        options=options,
        workers=args.workers,
        timeout_s=args.timeout,
        force=args.force,
        cluster=args.cluster,
    )
    print(
        f"{result.processed} processed, {result.skipped} already done, {result.failed} failed, "
        f"{result.seconds:.1f} s; see {result.out_dir / 'summary.json'}",
        file=sys.stderr,
    )
    return EXIT_OK


def _serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from pydantic import ValidationError

    try:
        from extractor.server import ServerConfig, serve
    except ImportError as exc:
        parser.error(f"serve needs the server extra (pip install '.[server]'): {exc}")
    settings: dict[str, object] = {
        "host": args.host,
        "port": args.port,
        "token": args.token,
        "allow_private_urls": args.allow_private,
        "max_upload_bytes": int(args.max_upload_mb * 1024 * 1024),
        "max_archive_bytes": int(args.max_archive_mb * 1024 * 1024),
        "max_jobs": args.max_jobs,
        "max_pending": args.max_pending,
        "request_timeout_s": args.request_timeout,
        "doc_timeout_s": args.timeout,
    }
    for key, value in (
        ("data_dir", args.data_dir),
        ("workers", args.workers),
        ("batch_workers", args.batch_workers),
    ):
        if value is not None:
            settings[key] = value
    try:
        config = ServerConfig.model_validate(settings)
    except ValidationError as exc:
        err = exc.errors()[0]
        parser.error(f"bad option {'.'.join(map(str, err['loc']))}: {err['msg']}")
    logging.getLogger("extractor").setLevel(logging.DEBUG if args.debug else logging.INFO)
    serve(config)
    return EXIT_OK


def _compare(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from extractor.comparison import compare

    options = _options(args, parser)
    result = compare(args.old, args.new, options)
    text = result.to_json(pretty=args.pretty) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    for warning in result.warnings:
        print(f"extractor: {warning.code}: {warning.message}", file=sys.stderr)
    return EXIT_OK


def _extract(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from extractor.pipeline import extract

    options = _options(args, parser)
    source = sys.stdin.buffer if args.source == "-" else args.source
    report = extract(source, options)
    text = report.to_json(pretty=args.pretty) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if report.status == "failed" and not args.output:
        first = report.errors[0] if report.errors else None
        if first is not None:
            print(f"extractor: {first.code}: {first.message}", file=sys.stderr)
    return EXIT_FAILED if report.status == "failed" else EXIT_OK
