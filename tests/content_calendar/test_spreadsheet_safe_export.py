"""Our CSV files open safely in a spreadsheet: a text that begins like a formula is written
with a quote in front, and our importers give back exactly the text that was exported."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts_registry import exchange as registry_exchange
from accounts_registry.models import SocialAccount
from content_calendar import exchange
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
DAY = (timezone.now() + datetime.timedelta(days=20)).date()
property_test = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text a database holds (no NUL), often beginning as a formula or with quotes.
BEGINNINGS = ["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "'\t", " =", '"', "=\n"]
texts = st.one_of(
    st.text(),
    st.builds(lambda start, rest: start + rest, st.sampled_from(BEGINNINGS), st.text()),
).filter(lambda text: "\x00" not in text)


@pytest.fixture
def x_account(workspace):
    return SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")


def test_a_post_that_begins_like_a_formula_is_text_in_the_spreadsheet(workspace, editor, x_account):
    PostFactory(
        workspace=workspace,
        channel=x_account,
        owner=editor,
        scheduled_at=datetime.datetime.combine(DAY, datetime.time(9), AMSTERDAM),
        text='=HYPERLINK("http://evil.example","klik")',
        serves_note="@recruiting",
    )
    rows = list(
        csv.DictReader(io.StringIO(exchange.planner_csv(workspace=workspace, start=DAY, end=DAY)))
    )
    assert rows[0]["text"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert rows[0]["theme"] == "'@recruiting"


def test_an_account_whose_purpose_is_a_formula_is_text_in_the_spreadsheet(workspace):
    SocialAccountFactory(workspace=workspace, handle="@vandijk", purpose="=1+1")
    rows = list(csv.DictReader(io.StringIO(registry_exchange.registry_csv(workspace=workspace))))
    assert rows[0]["purpose"] == "'=1+1"


@property_test
@given(text=texts)
@example(text="=1+1")
@example(text="'=1+1")
@example(text='a;b;c\t"d";e')
def test_any_post_text_survives_our_export_and_import(workspace, editor, x_account, text):
    post = PostFactory(
        workspace=workspace,
        channel=x_account,
        owner=editor,
        scheduled_at=datetime.datetime.combine(DAY, datetime.time(9), AMSTERDAM),
        text=text,
    )
    raw = exchange.planner_csv(workspace=workspace, start=DAY, end=DAY).encode()
    report = exchange.posts_import(
        workspace=workspace, by=editor, raw=raw, fmt="planner", commit=False
    )
    assert not report.problems, report.problems
    assert [r.text for r in report.rows] == [text]
    # The import recognises the post it came from: nothing to add.
    assert [r.status for r in report.rows] == ["same"]
    post.delete()


@property_test
@given(text=texts)
@example(text="=1+1")
@example(text="'@vandijk")
def test_any_account_purpose_survives_the_registry_export_and_import(workspace, editor, text):
    account = SocialAccountFactory(workspace=workspace, handle="@vandijk")
    SocialAccount.objects.filter(pk=account.pk).update(purpose=text)
    raw = registry_exchange.registry_csv(workspace=workspace).encode()
    report = registry_exchange.registry_import(
        workspace=workspace, by=editor, raw=raw, commit=False
    )
    assert not report.problems, report.problems
    # The registry reads its cells without the spaces around them, as it always has.
    assert [r.values["purpose"] for r in report.rows] == [text.strip()]
    account.delete()


def test_the_hootsuite_file_keeps_the_text_and_the_page_warns(client, workspace, editor, x_account):
    PostFactory(
        workspace=workspace,
        channel=x_account,
        owner=editor,
        scheduled_at=datetime.datetime.combine(DAY, datetime.time(9), AMSTERDAM),
        text="-50% today only",
        status=Post.Status.READY,
    )
    result = exchange.hootsuite_export(workspace=workspace, start=DAY, end=DAY)
    # Hootsuite publishes the cell as it is: a quote in front would be in the post.
    assert next(iter(result.files.values())).split(",")[1] == "-50% today only"
    assert len(result.formula_like) == 1
    client.force_login(editor)
    page = client.get(
        reverse("calendar:export", kwargs={"workspace": workspace.slug}),
        {"start": DAY, "end": DAY, "format": "hootsuite", "date_order": "dmy", "statuses": "ready"},
    )
    assert "These texts begin like a spreadsheet formula." in page.content.decode()
