"""Cells of the CSV files we write for people, made safe to open in a spreadsheet.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula, and so do
some when a tab or a carriage return comes first (CSV injection: a post whose text begins with
``=HYPERLINK(...)`` would become a link, or worse, on the machine of whoever opens the export).
As OWASP advises, such a cell is written with a single quote in front: the spreadsheet shows
the text and runs nothing.

Our own importers take that quote off again with `restore`, and the round trip must give back
exactly what was written, for any text. A quote in front alone cannot promise that: a text
that itself begins with a quote followed by ``=`` (``'=1+1`` typed on purpose) would lose its
quote on the way back. So the quote is also doubled in front of a text that begins with a
quote followed by a character `restore` would take off a quote for:

- ``neutralise(cell)`` puts ``'`` in front when the cell begins with one of ``= + - @``, a tab
  or a carriage return, or when it begins with ``'`` followed by one of those or by another
  ``'``. Every other cell is written as it is (``'tis`` stays ``'tis``).
- ``restore(cell)`` takes the first character off when the cell begins with ``'`` followed by
  one of those characters or by another ``'``, and changes nothing else.

Why it is lossless: a cell `neutralise` leaves alone either does not begin with a quote, or
begins with one followed by something else, and `restore` leaves exactly those alone; a cell
it changes is ``'`` followed by a text that begins with a trigger or a quote, and `restore`
takes exactly that quote off. A file that someone typed by hand goes through the same rule, so
a cell ``'=1+1`` typed there is read as ``=1+1``, as the spreadsheet itself would show it.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

# What makes a spreadsheet read a cell as a formula, when it comes first.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _needs_quote(cell: str) -> bool:
    if cell.startswith(TRIGGERS):
        return True
    return cell.startswith(QUOTE) and cell[1:].startswith((*TRIGGERS, QUOTE))


def neutralise(cell: str) -> str:
    """The cell as it is safe to write into a CSV file people open in a spreadsheet."""
    return QUOTE + cell if _needs_quote(cell) else cell


def restore(cell: str) -> str:
    """The cell as it was before `neutralise`: restore(neutralise(text)) == text for any text."""
    return cell[1:] if cell.startswith(QUOTE) and _needs_quote(cell[1:]) else cell


def neutralise_row(cells) -> list[str]:
    return [neutralise(str(cell)) for cell in cells]


# --- Reading headers as people write them (every importer) --------------------------------


def header_words(text: str) -> str:
    """A header or a name as compared: case, spaces, hyphens, underscores and punctuation
    don't count ("Login-e-mail" = "login email")."""
    words = re.sub(r"[\W_]+", " ", text.casefold()).strip()
    return re.sub(r"\be mail", "email", words)


def labels_in_every_language(labels: dict[str, str]) -> dict[str, str]:
    """Each label, as the app shows it in every language it speaks, → its code."""
    out = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in labels.items():
                out.setdefault(header_words(str(label)), code)
    return out


@dataclass
class FileColumn:
    """A column of an uploaded file as the import read it: the field it fills (None: not
    recognised or chosen yet, or ignored), and whether the person chose that in the preview.
    Each importer adds how the field is named (`label`)."""

    index: int
    header: str
    column: str | None
    chosen: bool = False  # the user chose this in the preview
    ignored: bool = False


# What a person chooses in a preview for a column that no field keeps.
IGNORE = "ignore"


def file_column(
    column_class: type[FileColumn],
    index: int,
    header: str,
    *,
    chosen: str | None,
    fields,
    suggest,
) -> FileColumn:
    """A column of an uploaded file: what the person chose for it in the preview (one of
    `fields`, or IGNORE) wins; else the field `suggest(header)` proposes, None for none."""
    if chosen == IGNORE:
        return column_class(index, header, None, chosen=True, ignored=True)
    if chosen in fields:
        return column_class(index, header, chosen, chosen=True)
    return column_class(index, header, suggest(header))


def columns_by_field(columns: list[FileColumn]) -> dict[str, list[FileColumn]]:
    """The columns that fill each field: more than one for a field is for the person to
    settle (ignore all but one)."""
    by_field: dict[str, list[FileColumn]] = {}
    for column in columns:
        if column.column:
            by_field.setdefault(column.column, []).append(column)
    return by_field


# --- Reading the rows of an uploaded CSV file (every importer) ------------------------------


def decode_csv(raw: bytes) -> str | None:
    """The file's text: UTF-8 (with or without the mark Excel writes first) or, from an older
    spreadsheet, Windows-1252; None for a file that is no text at all (it holds NUL bytes)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


class RowActions:
    """What the preview of an import will do, counted over its rows' `action`."""

    rows: list

    def _count(self, action: str) -> int:
        return sum(r.action == action for r in self.rows)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("same")


class TooManyRows(Exception):
    """The file has more non-blank rows than the importer takes."""


def csv_delimiter(text: str) -> str:
    """Comma, semicolon or tab, whichever the file uses. Only the separator is guessed: the
    quoting is always a spreadsheet's (a quote inside a quoted cell is doubled), which the
    guesser can get wrong from a sample, splitting a text with quotes and a line break. When
    it cannot tell, a semicolon in the first line (a Dutch spreadsheet's separator) wins."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ";" if ";" in text.split("\n", 1)[0] else ","


def csv_rows(text: str, *, limit: int, delimiter: str | None = None) -> list[tuple[int, list[str]]]:
    """The file's non-blank rows, the header included, each with the line of the file it
    starts on (a quoted cell can span several lines), so a report names the line a person
    finds in their spreadsheet or editor. Cells are as written. Raises TooManyRows past
    `limit` rows, and csv.Error for a file the csv module cannot read."""
    # newline="": a line break inside a quoted cell is kept.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or csv_delimiter(text))
    rows, line = [], 1
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append((line, cells))
            if len(rows) > limit:
                raise TooManyRows
        line = reader.line_num + 1
    return rows


def read_csv_rows(
    text: str, *, max_rows: int, problems: list[str], empty: str
) -> list[tuple[int, list[str]]]:
    """csv_rows for an importer that reports in words: the header and at most `max_rows`
    rows, or [] with what is wrong added to `problems` (`empty`: the importer's own advice
    for a file without a header)."""
    try:
        rows = csv_rows(text, limit=max_rows + 1)  # the header aside
    except TooManyRows:
        problems.append(
            _("More than %(max)s rows. Split the file and import each part.") % {"max": max_rows}
        )
        return []
    except csv.Error as exc:
        problems.append(
            _("The CSV could not be read (%(error)s). Save it from the spreadsheet again.")
            % {"error": exc}
        )
        return []
    if not rows:
        problems.append(empty)
    return rows
