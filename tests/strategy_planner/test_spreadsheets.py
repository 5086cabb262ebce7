"""The cells of the CSV files we write for people: a cell a spreadsheet would run as a formula
gets a quote in front, and our importers take exactly that quote off again, for any text."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from strategy_planner.spreadsheets import neutralise, restore

# Random texts, and texts that begin the way that matters here.
BEGINNINGS = ["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "'\t", "'''-", "'a"]
texts = st.one_of(
    st.text(),
    st.builds(lambda start, rest: start + rest, st.sampled_from(BEGINNINGS), st.text()),
)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://evil.example","klik")', '\'=HYPERLINK("http://evil.example","klik")'),
        ("=1+1", "'=1+1"),
        ("+31 20 123 4567", "'+31 20 123 4567"),
        ("-50% today", "'-50% today"),
        ("@vandijk", "'@vandijk"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        # A quote of its own is doubled only where the reader would take it off.
        ("'=1+1", "''=1+1"),
        ("''", "'''"),
        ("'tis the season", "'tis the season"),
        ("'", "'"),
        ("Hello = world", "Hello = world"),
        ("", ""),
    ],
)
def test_a_cell_that_would_run_as_a_formula_gets_a_quote(text, written):
    assert neutralise(text) == written
    assert restore(written) == text


@given(texts)
@example("'")
@example("'=")
@example("''=")
def test_any_text_comes_back_as_it_was(text):
    assert restore(neutralise(text)) == text


@given(texts)
def test_no_written_cell_begins_like_a_formula(text):
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))
