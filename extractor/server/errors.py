"""One JSON error shape for every error the server answers, its own and the framework's:

    {"error": {"status": 404, "code": "not_found", "message": "...", "details": null}}

``code`` is stable and machine-readable; for a document that could not be read it is the
record's error code (``empty``, ``unsupported_format``, ``private_address``, …).
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.protocols.http.h11_impl import H11Protocol

logger = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    status: int = Field(description="The HTTP status, repeated for clients that lose it.")
    code: str = Field(description="Stable machine-readable code.")
    message: str = Field(description="What went wrong, for people.")
    details: Any = Field(
        default=None,
        description="More about it where there is more: validation problems, the record's errors.",
    )


class ErrorResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "status": 422,
                        "code": "empty",
                        "message": "report.txt is empty",
                        "details": [
                            {"stage": "reading", "code": "empty", "message": "report.txt is empty"}
                        ],
                    }
                }
            ]
        }
    )

    error: ErrorBody


class ApiError(Exception):
    """Raised anywhere in a request; answered in the error shape."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers


def error_response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse(
        error=ErrorBody(status=status, code=code, message=message, details=details)
    )
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


# Codes for the framework's own refusals (unknown path, wrong method, …).
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def invalid_request(errors: Any) -> ApiError:
    """422 for pydantic's validation errors, the first one in the message."""
    # pydantic's error dicts can hold the exception objects themselves (ctx); keep the parts
    # that are plain data.
    details = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in errors
    ]
    message = "invalid request"
    if details:
        where = ".".join(str(p) for p in details[0]["loc"])
        message = f"{where}: {details[0]['msg']}" if where else details[0]["msg"]
    return ApiError(422, "invalid_request", message, details)


def install(app: FastAPI) -> None:
    """Route every error through the one shape."""

    async def api_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        code = _HTTP_CODES.get(status, HTTPStatus(status).phrase.lower().replace(" ", "_"))
        message = str(exc.detail) if exc.detail else HTTPStatus(status).phrase
        return error_response(status, code, message, headers=getattr(exc, "headers", None))

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        error = invalid_request(exc.errors())
        return error_response(error.status, error.code, error.message, error.details)

    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # A bug: log it with its traceback, tell the client without internals.
        logger.error("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "internal server error")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)


class JsonErrorH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, whose own 400 (a request it cannot parse: broken framing, a
    header past h11's 16 KiB) has the JSON error shape rather than plain text."""

    def send_400_response(self, msg: str) -> None:
        import h11

        body = json.dumps(
            {
                "error": {
                    "status": 400,
                    "code": "bad_request",
                    "message": "invalid HTTP request: malformed, or its headers are over 16 KiB",
                    "details": None,
                }
            }
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            data = self.conn.send(event)
            if data:
                self.transport.write(data)
        self.transport.close()
