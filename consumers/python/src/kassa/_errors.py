"""Kassa's exceptions: every failure of a call is a KassaError carrying the engine's structured error.

The engine reports `{code, path, message, params, problems, text}`; these classes expose exactly that, with
`params` as a dict, and `str(error)` is `text`: the error in one line, the same in every host
(docs/errors.md, "The text of an error"). Two subclasses let callers catch the cases they handle
differently: LimitExceeded (the engine's `limit-exceeded` code, or a host resource limit: fuel or memory) and
TrapError (the WebAssembly instance trapped; it has already been discarded and replaced, so the engine stays
usable). What the runtime itself reported (the wasm trap) is the exception's `__cause__`, never its text.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from ._limits import error_text
from ._types import Problem

__all__ = ["KassaError", "LimitExceeded", "TrapError"]


class KassaError(Exception):
    """A failed Kassa call: `code` (stable, kebab-case), `path` (JSON Pointer into the input), `message`,
    `params` (the message's parameters), `problems` (every finding when there are several) and `text`, the
    error in one line that `str()` shows: `code: path: message (and N more problems)`, with the first
    problem's path and message when there are problems. The engine writes `text`; an error made without one
    shows `code: message`."""

    code: str
    path: str
    message: str
    params: dict[str, str]
    problems: tuple[Problem, ...]
    text: str

    def __init__(
        self,
        code: str,
        message: str,
        path: str = "",
        params: Mapping[str, str] | None = None,
        problems: Sequence[Problem] = (),
        text: Optional[str] = None,
    ) -> None:
        self.code = code
        self.path = path
        self.message = message
        self.params = dict(params or {})
        self.problems = tuple(problems)
        self.text = text if text else error_text(code, message)
        super().__init__(self.text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, path={self.path!r}, message={self.message!r})"

    def __reduce__(self) -> Any:  # picklable, e.g. across multiprocessing
        return (_rebuild, (type(self), self.code, self.message, self.path, self.params, self.problems, self.text))


class LimitExceeded(KassaError):
    """A limit was exceeded: one of the engine's documented input limits (code `limit-exceeded`), or a host
    resource limit (`params["limit"]` is `"fuel"` or `"memory"`). The engine remains usable."""


class TrapError(KassaError):
    """The WebAssembly instance trapped (code `host-error`, `params["reason"]` `"trap"`): a bug in the engine.
    The instance was discarded; the next call on the same engine runs on a fresh instance. The trap as
    wasmtime reported it is `__cause__`."""


def _rebuild(
    cls: type[KassaError],
    code: str,
    message: str,
    path: str,
    params: dict[str, str],
    problems: tuple[Problem, ...],
    text: str,
) -> KassaError:
    return cls(code, message, path, params, problems, text)


def error_from_wire(
    code: str, path: str, message: str, params: dict[str, str], problems: tuple[Problem, ...], text: str
) -> KassaError:
    """The exception for an error record returned by the engine."""
    cls = LimitExceeded if code == "limit-exceeded" else KassaError
    return cls(code, message, path, params, problems, text)
