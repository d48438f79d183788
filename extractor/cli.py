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
from typing import TYPE_CHECKING, NoReturn

from extractor._version import __version__
from extractor.limits import DEFAULT_MEMORY_MB

if TYPE_CHECKING:
    from pydantic import ValidationError

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
    parser.set_defaults(subparser=parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract one report and print its JSON record")
    ex.add_argument("source", help="a file path, an http(s) URL, or - for standard input")
    ex.add_argument("-o", "--output", type=Path, help="write the record to this file")
    ex.add_argument("--pretty", action="store_true", help="indent the JSON")
    _document_options(ex)

    batch = sub.add_parser(
        "batch",
        help="extract every document in folders, archives, files and URL lists",
        description="Writes OUT_DIR/records.jsonl (one record per document), dataset.csv, "
        "dataset.xlsx, summary.json, cross_report_checks.csv, series.csv and compare.jsonl "
        "(docs/batch.md). A rerun resumes: documents already done are skipped. Exit status: 0 "
        "when the batch ran to its end, failed documents included (their records say why); "
        "1 with --fail-on-error when any document failed; 2 usage error.",
    )
    batch.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="folder, file, archive or URL list"
    )
    batch.add_argument("-o", "--out", type=Path, required=True, metavar="OUT_DIR")
    batch.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    batch.add_argument("--timeout", type=float, default=120.0, help="seconds per document")
    batch.add_argument("--force", action="store_true", help="redo documents already done")
    batch.add_argument(
        "--max-memory-mb",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help=f"address space of each worker process (RLIMIT_AS; {DEFAULT_MEMORY_MB}; 0: no cap)",
    )
    batch.add_argument(
        "--fail-on-error",
        action="store_true",
        help="exit 1 when any document of OUT_DIR failed (default: 0 once the batch ends)",
    )
    batch.add_argument(
        "--csv-no-bom",
        action="store_true",
        help="write dataset.csv without the UTF-8 BOM that Excel needs to read it as UTF-8",
    )
    batch.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run on a Dask cluster (scheduler address, or 'local'; needs the distributed "
        "extra; DASK_SCHEDULER_ADDRESS works too)",
    )
    _document_options(batch)

    serve = sub.add_parser(
        "serve",
        help="run the HTTP API and web page (needs the server extra)",
        description="FastAPI on uvicorn: POST /v1/extract, /v1/batches, a web page at /. "
        "See docs/server.md.",
    )
    serve.set_defaults(subparser=serve)
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
    serve.add_argument(
        "--slow-after",
        type=float,
        default=10.0,
        help="seconds after which a document is slow and a spare worker serves the queue",
    )
    serve.add_argument(
        "--max-memory-mb",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help=f"address space of each worker process (RLIMIT_AS; {DEFAULT_MEMORY_MB}; 0: no cap)",
    )
    _debug_option(serve)

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
    _document_options(cmp)

    fields = sub.add_parser("fields", help="print the data dictionary of canonical field ids")
    fields.add_argument("--format", choices=("tsv", "markdown", "json"), default="tsv")
    _debug_option(fields)
    return parser


def _debug_option(sub: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's default would otherwise overwrite `extractor --debug CMD`.
    sub.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


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
    from extractor.errors import MissingExtra

    try:
        if args.command == "fields":
            return _fields(args.format)
        if args.command == "batch":
            return _batch(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "compare":
            return _compare(args)
        return _extract(args)
    except KeyboardInterrupt:
        return 130
    except MissingExtra as exc:
        print(f"extractor: error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
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
    """Options of how each document is read, shared by extract, batch and compare."""
    sub.set_defaults(subparser=sub)
    sub.add_argument("--max-bytes", type=int, help="refuse inputs larger than this")
    sub.add_argument(
        "--allow-private",
        action="store_true",
        help="allow URLs on private or loopback addresses",
    )
    sub.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log details and show tracebacks",
    )
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


# The command-line flag of each Options field, to name it in an error.
_OPTION_FLAGS = {
    "max_input_bytes": "--max-bytes",
    "allow_private_urls": "--allow-private",
    "ocr_engine": "--ocr-engine",
    "ocr_dpi": "--ocr-dpi",
    "ocr_model_dir": "--ocr-model-dir",
    "keyword_method": "--keywords",
}
_SERVE_FLAGS = {
    "host": "--host",
    "port": "--port",
    "token": "--token",
    "allow_private_urls": "--allow-private",
    "max_upload_bytes": "--max-upload-mb",
    "max_archive_bytes": "--max-archive-mb",
    "max_jobs": "--max-jobs",
    "max_pending": "--max-pending",
    "request_timeout_s": "--request-timeout",
    "doc_timeout_s": "--timeout",
    "slow_after_s": "--slow-after",
    "max_memory_mb": "--max-memory-mb",
    "data_dir": "--data-dir",
    "workers": "--workers",
    "batch_workers": "--batch-workers",
}


def _bad_option(
    parser: argparse.ArgumentParser, exc: ValidationError, flags: dict[str, str]
) -> NoReturn:
    """A usage error naming the flag (as argparse names it) and what its value must be."""
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else ""
    flag = flags.get(field, field.replace("_", "-"))
    value = err.get("input")
    parser.error(f"argument {flag}: {value!r} is not allowed: {err['msg']}")


def _options(args: argparse.Namespace) -> Options:
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
        _bad_option(args.subparser, exc, _OPTION_FLAGS)


def _writable(parser: argparse.ArgumentParser, flag: str, path: Path) -> None:
    """Refuse an output file that cannot be written before any work is done: its folder must
    exist, be a folder and be writable, and the file itself, when there, must be writable."""
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        parser.error(f"argument {flag}: cannot write {path}: folder {parent} does not exist")
    if path.is_dir():
        parser.error(f"argument {flag}: cannot write {path}: it is a folder")
    if not os.access(path if path.exists() else parent, os.W_OK):
        parser.error(f"argument {flag}: cannot write {path}: permission denied")


def _write(parser: argparse.ArgumentParser, flag: str, path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        parser.error(f"argument {flag}: cannot write {path}: {exc.strerror or exc}")


def _batch(args: argparse.Namespace) -> int:
    from extractor.batch import run_batch

    parser: argparse.ArgumentParser = args.subparser
    if args.workers is not None and args.workers < 1:
        parser.error(f"argument --workers: {args.workers} is not allowed: must be at least 1")
    if args.timeout <= 0:
        parser.error(f"argument --timeout: {args.timeout} is not allowed: must be above 0")
    if args.max_memory_mb < 0:
        parser.error(
            f"argument --max-memory-mb: {args.max_memory_mb} is not allowed: must be 0 or more"
        )
    options = _options(args)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        parser.error(f"argument -o/--out: cannot create {args.out}: {exc.strerror or exc}")
    if not os.access(args.out, os.W_OK):
        parser.error(f"argument -o/--out: cannot write in {args.out}: permission denied")
    logging.getLogger("extractor").setLevel(logging.DEBUG if args.debug else logging.INFO)
    result = run_batch(
        args.inputs,
        args.out,
        options=options,
        workers=args.workers,
        timeout_s=args.timeout,
        force=args.force,
        cluster=args.cluster,
        csv_bom=not args.csv_no_bom,
        memory_mb=args.max_memory_mb or None,
    )
    print(
        f"{result.processed} processed, {result.skipped} already done, {result.failed} failed, "
        f"{result.seconds:.1f} s; see {result.out_dir / 'summary.json'}",
        file=sys.stderr,
    )
    if args.fail_on_error and result.documents_failed:
        print(
            f"extractor: {result.documents_failed} document(s) of {result.out_dir} failed "
            "(--fail-on-error)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


# The server extra's modules, by import name (python-multipart imports as multipart).
SERVER_MODULES = ("fastapi", "uvicorn", "multipart")


def _serve(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    from pydantic import ValidationError

    from extractor.errors import MissingExtra

    missing = [m for m in SERVER_MODULES if find_spec(m) is None]
    if missing:
        raise MissingExtra(f"extractor serve (no module {', '.join(missing)})", "server")
    from extractor.server import ServerConfig, serve

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
        "slow_after_s": args.slow_after,
        "max_memory_mb": args.max_memory_mb,
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
        _bad_option(args.subparser, exc, _SERVE_FLAGS)
    logging.getLogger("extractor").setLevel(logging.DEBUG if args.debug else logging.INFO)
    serve(config)
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from extractor.comparison import compare

    options = _options(args)
    if args.output:
        _writable(args.subparser, "-o/--output", args.output)
    result = compare(args.old, args.new, options)
    text = result.to_json(pretty=args.pretty) + "\n"
    if args.output:
        _write(args.subparser, "-o/--output", args.output, text)
    else:
        sys.stdout.write(text)
    for warning in result.warnings:
        print(f"extractor: {warning.code}: {warning.message}", file=sys.stderr)
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from extractor.pipeline import extract

    options = _options(args)
    if args.output:
        _writable(args.subparser, "-o/--output", args.output)
    source = sys.stdin.buffer if args.source == "-" else args.source
    report = extract(source, options)
    text = report.to_json(pretty=args.pretty) + "\n"
    if args.output:
        _write(args.subparser, "-o/--output", args.output, text)
    else:
        sys.stdout.write(text)
    if report.status == "failed" and not args.output:
        first = report.errors[0] if report.errors else None
        if first is not None:
            print(f"extractor: {first.code}: {first.message}", file=sys.stderr)
    return EXIT_FAILED if report.status == "failed" else EXIT_OK
