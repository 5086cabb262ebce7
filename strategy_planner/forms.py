"""Form pieces every app uses: a <select> written without templates, and the check of an
uploaded CSV file before anything reads it."""

import codecs
from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


class PlainSelect(forms.Select):
    """A <select> written in Python: the same markup as Django's, without rendering a
    template per option (a filter of 50 members and 40 channels: most of what a form cost
    to render)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        # As Django's template writes them: the name first, then the attributes in order.
        attributes = "".join(
            f" {key}" if value is True else f' {key}="{escape(str(value))}"'
            for key, value in attrs.items()
            if value is not False and value is not None
        )
        chosen = {"" if v is None else str(v) for v in self.format_value(value)}
        options = []
        for choice, label in self.choices:
            key = str(choice)
            selected = " selected" if key in chosen else ""
            options.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{"".join(options)}</select>')


# Files saved by Excel on Windows (cp1252) are text too; UTF-16 is not what we read.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_csv_upload(upload, *, limit: int) -> None:
    """Refuse an upload at the field, before anything reads it, with what to do instead: too
    large, saved as UTF-16, or not text at all."""
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(_UTF16_BOMS):
        raise ValidationError(
            _("The file is saved as UTF-16. Save it as “CSV UTF-8” and upload it again.")
        )
    if b"\x00" in head or not (_decodes(head, "utf-8") or _decodes(head, "cp1252")):
        raise ValidationError(_("This is not a CSV file (it holds binary data)."))


def _decodes(data: bytes, encoding: str) -> bool:
    # The first 8 KB may end inside a character: only what is complete has to decode.
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True
