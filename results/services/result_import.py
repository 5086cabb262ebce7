"""Reading a results export: a network's own analytics file, a scheduler's, or our own CSV.

The file is read into rows of cells (text), the header row is found (a notice or title lines
may come first), and each header is matched to what it holds in our terms. Numbers and dates
are read as people's exports write them. Nothing here touches the database: matching the rows
to posts and saving them is results.services.post_results.

The formats and rules are written down in docs/results.md ("Post results").
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from strategy_planner.spreadsheets import FileColumn, header_words, restore

from ..models import PostResult

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# How many lines above the header a file may have (a notice, a title, an empty line).
HEADER_SEARCH = 20
IGNORE = "ignore"

FIGURES = PostResult.FIGURES
# What a column may hold, in our terms: how to find the post, and the figures.
COLUMNS = ("permalink", "published_at", "text", *FIGURES)

_COLUMN_LABELS = {
    "permalink": gettext_lazy("link to the published post"),
    "published_at": gettext_lazy("date and time published"),
    "text": gettext_lazy("text of the post"),
    "impressions": gettext_lazy("impressions or views"),
    "reach": gettext_lazy("reach"),
    "reactions": gettext_lazy("reactions"),
    "comments": gettext_lazy("comments"),
    "shares": gettext_lazy("shares"),
    "clicks": gettext_lazy("clicks"),
    "follows": gettext_lazy("follows"),
}


def column_label(column: str) -> str:
    return str(_COLUMN_LABELS.get(column, column))


# Headers as the networks and schedulers write them, in English and Dutch (compared with
# header_words: case, spaces and punctuation don't count).
HEADER_SYNONYMS = {
    "permalink": (
        "permalink",
        "post link",
        "post url",
        "link to post",
        "post permalink",
        "berichtlink",
        "link naar bericht",
        "link naar post",
        "post link url",
    ),
    "published_at": (
        "date",
        "datum",
        "created date",
        "created",
        "date created",
        "published",
        "published at",
        "publish date",
        "publish time",
        "date published",
        "published date",
        "posted",
        "posted at",
        "post date",
        "sent at",
        "sent",
        "date sent",
        "date and time",
        "datum en tijd",
        "publicatiedatum",
        "gepubliceerd",
        "gepubliceerd op",
        "aanmaakdatum",
        "verzonden",
    ),
    "text": (
        "text",
        "post text",
        "message",
        "post",
        "post title",
        "content",
        "update",
        "caption",
        "title",
        "tekst",
        "bericht",
        "berichttekst",
        "titel",
        "inhoud",
    ),
    "impressions": (
        "impressions",
        "impressies",
        "weergaven",
        "views",
        "vertoningen",
        "video views",
        "post impressions",
        "total impressions",
    ),
    "reach": ("reach", "bereik", "unique impressions", "unieke impressies", "people reached"),
    "reactions": (
        "reactions",
        "reacties",
        "likes",
        "vind ik leuks",
        "favorites",
        "post reactions",
    ),
    "comments": ("comments", "opmerkingen", "replies", "antwoorden", "commentaren"),
    "shares": (
        "shares",
        "reposts",
        "retweets",
        "gedeeld",
        "keer gedeeld",
        "delen",
        "shared",
        "deelacties",
    ),
    "clicks": ("clicks", "klikken", "kliks", "link clicks", "linkklikken", "url clicks"),
    "follows": (
        "follows",
        "followers gained",
        "new followers",
        "nieuwe volgers",
        "volgers",
        "follows gained",
    ),
}
# Shares of something (rates, click-through, percentages) are not figures we keep: such a
# column is ignored, and the table says so.
_PERCENT_HEADER = re.compile(r"\b(rate|ratio|ctr|percentage|percent|pct|graad)\b|%")

_LOOKUP = {header_words(h): code for code, headers in HEADER_SYNONYMS.items() for h in headers}


def suggested_column(header: str) -> str | None:
    """What a header holds in our terms, or None when it is not a column we know."""
    words = header_words(header)
    if not words:
        return None
    if _PERCENT_HEADER.search(header.casefold()):
        return None
    return _LOOKUP.get(words)


def is_percent_header(header: str) -> bool:
    return bool(_PERCENT_HEADER.search(header.casefold()))


@dataclass
class ResultColumn(FileColumn):
    @property
    def label(self) -> str:
        return column_label(self.column) if self.column else ""


@dataclass
class ReadFile:
    """The file as read: its header, the columns and the data rows with their line numbers."""

    header_line: int = 0
    columns: list[ResultColumn] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # (line, column header) of cells that held a formula instead of a value
    formulas: set[tuple[int, int]] = field(default_factory=set)


# --- The file's cells -----------------------------------------------------------------------


def _is_xlsx(raw: bytes) -> bool:
    return raw[:4] == b"PK\x03\x04"


def _csv_text(raw: bytes, read: ReadFile) -> str | None:
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        if encoding == "utf-16" and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            continue
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    read.problems.append(_("This is not a CSV or Excel file (it holds binary data)."))
    return None


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[: HEADER_SEARCH + 5])
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _csv_cells(raw: bytes, read: ReadFile) -> list[tuple[int, list[str]]]:
    text = _csv_text(raw, read)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, line = [], 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((line, [restore(c.strip()) for c in cells]))
                if len(rows) > MAX_ROWS + HEADER_SEARCH:
                    break
            line = reader.line_num + 1
    except csv.Error as exc:
        read.problems.append(_("The CSV could not be read: %(error)s") % {"error": exc})
        return []
    return rows


def _xlsx_value(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_cells(raw: bytes, read: ReadFile) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        read.problems.append(_("This Excel file could not be read: is it an .xlsx workbook?"))
        return []
    rows = []
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = []
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    read.formulas.add((number, index))
                    values.append("")
                else:
                    values.append(_xlsx_value(cell))
            if any(values):
                rows.append((number, values))
                if len(rows) > MAX_ROWS + HEADER_SEARCH:
                    break
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError):
        read.problems.append(_("This Excel file could not be read: is it an .xlsx workbook?"))
        return []
    finally:
        book.close()
    return rows


def _header_index(rows: list[tuple[int, list[str]]]) -> int | None:
    """The row that names the columns: the first of the top rows in which two cells or more
    are headers we know; else the first row with as many cells as the widest row."""
    for position, (_line, cells) in enumerate(rows[:HEADER_SEARCH]):
        known = {suggested_column(c) for c in cells} - {None}
        if len(known) >= 2:
            return position
    return None


def read_file(
    *, raw: bytes, remembered: dict[str, str] | None = None, chosen: dict[int, str] | None = None
) -> ReadFile:
    """The rows of the file and what each column holds: the person's choice in the preview
    first, then the mapping remembered for the channel (by header), then the header itself."""
    read = ReadFile()
    if not raw.strip():
        read.problems.append(_("The file is empty."))
        return read
    if len(raw) > MAX_BYTES:
        read.problems.append(
            _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
        return read
    cells = _xlsx_cells(raw, read) if _is_xlsx(raw) else _csv_cells(raw, read)
    if read.problems:
        return read
    if not cells:
        read.problems.append(_("The file is empty."))
        return read
    position = _header_index(cells)
    if position is None:
        read.problems.append(
            _(
                "No header row was found: the file needs a row that names its columns, such as "
                "“Date” and “Impressions”."
            )
        )
        return read
    read.header_line, header = cells[position]
    read.rows = cells[position + 1 :]
    if len(read.rows) > MAX_ROWS:
        read.problems.append(
            _(
                "The file has more than %(max)s rows. Nothing was imported: split it into files "
                "of at most %(max)s rows."
            )
            % {"max": MAX_ROWS}
        )
        read.rows = []
        return read
    if not read.rows:
        read.problems.append(_("The file has a header but no rows."))
    remembered_by_header = {header_words(h): code for code, h in (remembered or {}).items()}
    chosen = chosen or {}
    for index, title in enumerate(header):
        choice = chosen.get(index)
        if choice == IGNORE:
            read.columns.append(ResultColumn(index, title, None, chosen=True, ignored=True))
        elif choice in COLUMNS:
            read.columns.append(ResultColumn(index, title, choice, chosen=True))
        elif header_words(title) in remembered_by_header:
            column = remembered_by_header[header_words(title)]
            read.columns.append(ResultColumn(index, title, column))
        else:
            column = suggested_column(title)
            # A column we don't keep (a rate, an ID, the post type) is ignored, and shown so.
            read.columns.append(ResultColumn(index, title, column, ignored=column is None))
    return read


# --- Values ---------------------------------------------------------------------------------

_EMPTY = {"", "-", "\u2013", "\u2014", "n/a", "na", "n.v.t.", "nvt", "null", "none"}
_GROUPED = re.compile(r"^\d{1,3}([.,\u00a0\u202f ']\d{3})+$")


class CountError(ValueError):
    """A cell that is no count, with a code saying why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def read_count(value: str) -> int | None:
    """A count as exports write it: "1234", "1.234" (Dutch), "1,234" (English), "1 234",
    "1234.0" (a spreadsheet's number); empty or a dash is unknown (None)."""
    text = value.strip().replace("\u00a0", " ")
    if text.casefold() in _EMPTY:
        return None
    if text.startswith(("=", "+", "@")):
        raise CountError("formula")
    if text.endswith("%"):
        raise CountError("percent")
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"\D", "", text))
    match = re.match(r"^(\d+)[.,]0+$", text)
    if match:
        return int(match.group(1))
    raise CountError("not_a_count")


_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "mrt": 3,
    "maa": 3,
    "apr": 4,
    "may": 5,
    "mei": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_TIME = (
    r"(?:[ T,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?"
)
_ZONE = r"\s*(?P<z>Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$"
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME + _ZONE, re.I)
_NUMERIC = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})" + _TIME + _ZONE, re.I
)
_MONTH_FIRST = re.compile(
    r"^(?:[a-z]+,?\s+)?(?P<mon>[a-z]{3,})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})" + _TIME + _ZONE,
    re.I,
)
_DAY_FIRST = re.compile(
    r"^(?:[a-z]+,?\s+)?(?P<d>\d{1,2})\s+(?P<mon>[a-z]{3,})\.?,?\s+(?P<y>\d{4})" + _TIME + _ZONE,
    re.I,
)


@dataclass(frozen=True)
class Moment:
    """A date read from a file: naive unless the file gave a zone; `has_time` False when the
    file gave only the day (then the whole day is the window to match in)."""

    value: datetime.datetime
    has_time: bool


def _zone(text: str | None):
    if not text or text.upper() in ("Z", "UTC", "GMT"):
        return datetime.UTC if text else None
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    return datetime.timezone(
        sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    )


def read_moment(value: str, *, slash_order: str = "dmy") -> Moment | None:
    """A date as exports write it: 2026-02-10 09:00, 10-02-2026, 02/10/2026 (the order
    `slash_order` says, "dmy" or "mdy"; a dash or a dot is always day first),
    "Feb 10, 2026 09:00", "10 feb. 2026". None when it is no date we read."""
    text = value.strip()
    month = day = year = None
    match = _ISO.match(text)
    if match:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    elif match := _NUMERIC.match(text):
        a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
        day, month = (b, a) if match["sep"] == "/" and slash_order == "mdy" else (a, b)
    elif match := (_MONTH_FIRST.match(text) or _DAY_FIRST.match(text)):
        month = _MONTHS.get(match["mon"][:3].casefold())
        day, year = int(match["d"]), int(match["y"])
        if month is None:
            return None
    else:
        return None
    hour = int(match["h"]) if match["h"] else 0
    minute = int(match["mi"]) if match["mi"] else 0
    if match["ampm"]:
        pm = match["ampm"].casefold().startswith("p")
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if pm else 0)
    try:
        moment = datetime.datetime(year, month, day, hour, minute, tzinfo=_zone(match["z"]))
    except ValueError:
        return None
    return Moment(moment, has_time=bool(match["h"]))


def first_words(text: str, count: int = 6) -> str:
    """The start of a text as compared: the first words, without case and punctuation."""
    return " ".join(header_words(text).split()[:count])
