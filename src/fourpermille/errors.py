"""The exceptions fourpermille raises.

Every error a user can cause is an :class:`InputError` (or a subclass) that says where the bad value is:
file, row, column and what was allowed. The command line prints it as one line and exits with code 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


class FourPermilleError(Exception):
    """Base of every exception raised on purpose by fourpermille."""


@dataclass(eq=False)
class InputError(FourPermilleError, ValueError):
    """Bad input data: a value, column, row or file the computation cannot use.

    Parameters
    ----------
    message
        What is wrong and, where there is one, what was expected (the allowed range or names).
    file, row, column
        Where the bad value is. ``row`` is the spreadsheet row (the header is row 1) when the
        data came from a file, else the table's index label.
    row_label, column_label
        What a row and a column are called in that file: "line" and "field" for line-oriented formats
        such as RothC's .dat files.
    """

    message: str
    file: str | None = None
    row: int | str | None = None
    column: str | None = None
    details: dict = field(default_factory=dict)
    row_label: str = "row"
    column_label: str = "column"

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"{self.row_label} {self.row}")
        if self.column is not None:
            where.append(f"{self.column_label} '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def in_file(self, file: str) -> InputError:
        """The same error, located in ``file`` (kept if it already names one)."""
        return self if self.file is not None else replace(self, file=str(file))


class ParameterError(InputError):
    """A model parameter or option outside its allowed set or range."""


class MassBalanceError(FourPermilleError, ArithmeticError):
    """Carbon in - carbon respired - change of stock is not zero within tolerance."""


def check_choice(name: str, value: str, allowed) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise :class:`ParameterError` naming the set."""
    allowed = list(allowed)
    if value not in allowed:
        raise ParameterError(f"{name} must be one of {', '.join(map(str, allowed))}; got {value!r}")
    return value
