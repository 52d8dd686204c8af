"""Kassa's exceptions: every failure of a call is a KassaError carrying the engine's structured error.

The engine reports `{code, path, message, params, problems}`; these classes expose exactly that, with `params`
as a dict. Two subclasses let callers catch the cases they handle differently: LimitExceeded (the engine's
`limit-exceeded` code, or a host resource limit: fuel or memory) and TrapError (the WebAssembly instance
trapped; it has already been discarded and replaced, so the engine stays usable).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ._types import Problem

__all__ = ["KassaError", "LimitExceeded", "TrapError"]


class KassaError(Exception):
    """A failed Kassa call: `code` (stable, kebab-case), `path` (JSON Pointer into the input), `message`,
    `params` (the message's parameters) and `problems` (every finding when there are several)."""

    code: str
    path: str
    message: str
    params: dict[str, str]
    problems: tuple[Problem, ...]

    def __init__(
        self,
        code: str,
        message: str,
        path: str = "",
        params: Mapping[str, str] | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        self.code = code
        self.path = path
        self.message = message
        self.params = dict(params or {})
        self.problems = tuple(problems)
        super().__init__(f"{code}: {message}" if not path else f"{code} at {path}: {message}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, path={self.path!r}, message={self.message!r})"

    def __reduce__(self) -> Any:  # picklable, e.g. across multiprocessing
        return (_rebuild, (type(self), self.code, self.message, self.path, self.params, self.problems))


class LimitExceeded(KassaError):
    """A limit was exceeded: one of the engine's documented input limits (code `limit-exceeded`), or a host
    resource limit (`params["limit"]` is `"fuel"` or `"memory"`). The engine remains usable."""


class TrapError(KassaError):
    """The WebAssembly instance trapped (code `host-error`). The instance was discarded; the next call on the
    same engine runs on a fresh instance."""


def _rebuild(
    cls: type[KassaError], code: str, message: str, path: str, params: dict[str, str], problems: tuple[Problem, ...]
) -> KassaError:
    return cls(code, message, path, params, problems)


def error_from_wire(
    code: str, path: str, message: str, params: dict[str, str], problems: tuple[Problem, ...]
) -> KassaError:
    """The exception for an error record returned by the engine."""
    cls = LimitExceeded if code == "limit-exceeded" else KassaError
    return cls(code, message, path, params, problems)
