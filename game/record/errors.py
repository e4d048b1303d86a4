"""The one error a record reader raises: where in the record, and what is wrong."""

from __future__ import annotations


class RecordError(ValueError):
    """A record that cannot be read or scored; ``loc`` is the path inside the record.

    ``code`` follows the scenario diagnostics' shape codes (S202 wrong, S203 missing) so the
    command line prints it as ``file:line:col: CODE sentence``.
    """

    def __init__(self, loc: tuple[str | int, ...], message: str, code: str = "S202") -> None:
        self.loc = loc
        self.message = message
        self.code = code
        super().__init__(f"{'.'.join(str(p) for p in loc)}: {message}")
