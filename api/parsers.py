"""The API's JSON parser, with a bound on nesting: a body nested a thousand levels deep made
Python's parser raise RecursionError, answered with a 500."""

import codecs
import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than anything the API takes (a plan step with its rows is three levels deep).
MAX_DEPTH = 32
_STRING = re.compile(r'"(?:\\.|[^"\\])*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings left out)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_constants(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError as exc:
            raise ParseError(
                _("The body is not text in %(encoding)s.") % {"encoding": encoding}
            ) from exc
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(
                _("The JSON is nested more than %(limit)s levels deep.") % {"limit": MAX_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=_no_constants)
        except ValueError as exc:
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": exc}) from exc
