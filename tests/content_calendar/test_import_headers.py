"""Our CSV's headers are read as people write them (case, spaces, -/_, the labels the app shows
in English and Dutch, common synonyms), the preview shows how each column is read, and no
column is dropped silently: one the calendar does not know, or two for one field, blocks the
import until it is mapped or ignored on purpose."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from content_calendar import exchange
from content_calendar.models import Post
from strategy_planner.spreadsheets import header_words

from ..accounts_registry.factories import SocialAccountFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
DAY = (timezone.now() + datetime.timedelta(days=10)).date()
FORM = {"format": "planner", "date_order": "dmy"}


@pytest.fixture
def x_account(workspace):
    return SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")


@pytest.fixture
def url(client, editor, workspace):
    client.force_login(editor)
    return reverse("calendar:import", kwargs={"workspace": workspace.slug})


def preview(client, url, raw: str):
    return client.post(url, {**FORM, "file": SimpleUploadedFile("p.csv", raw.encode())})


def confirm(client, url, response, **choices):
    return client.post(
        url,
        {**FORM, "csv_text": response.context["csv_text"], "confirm": "1", **choices},
        follow=True,
    )


def test_every_way_of_writing_a_header_means_one_column_only():
    seen: dict[str, str] = {}
    for column, synonyms in exchange.HEADER_SYNONYMS.items():
        texts = {column, *synonyms}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                texts.add(exchange.column_label(column))
        for text in texts:
            words = header_words(text)
            assert seen.setdefault(words, column) == column, f"“{text}”: {seen[words]}, {column}"
    assert set(exchange.HEADER_SYNONYMS) == {*exchange.PLANNER_COLUMNS, *exchange.LEGACY_COLUMNS}


def test_a_file_with_dutch_headers_imports_every_field(client, url, workspace, editor, x_account):
    raw = (
        "Datum;Tijd;Kanaal;Categorie;Status;Bericht;URL;Thema;Eigenaar e-mail\n"
        f"{DAY:%Y-%m-%d};09:30;x:@vandijk;curated;ready;Goedemorgen;https://example.com/a;"
        f"Duurzaamheid;{editor.email}\n"
    )
    response = preview(client, url, raw)
    html = response.content.decode()
    assert "Datum → date" in html
    assert "Bericht → text" in html
    assert "Eigenaar e-mail → owner&#x27;s email address" in html
    assert response.context["report"].ok
    done = confirm(client, url, response)
    assert "1 posts are imported." in done.content.decode()
    post = Post.objects.get()
    assert post.scheduled_at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M") == (
        f"{DAY:%Y-%m-%d} 09:30"
    )
    assert (post.channel, post.category, post.status, post.text, post.link, post.serves) == (
        x_account,
        "curated",
        "ready",
        "Goedemorgen",
        "https://example.com/a",
        "Duurzaamheid",
    )
    assert post.owner == editor


def test_headers_as_people_write_them_and_as_the_app_labels_them(workspace, editor, x_account):
    raw = (
        "DATE, Time ,channel,Post-Type,TEXT,web_address,Theme or sub-goal it serves\n"
        f"{DAY:%Y-%m-%d},10:00,x:@vandijk,engagement,Hi,https://example.com/b,Service\n"
    )
    report = exchange.posts_import(
        workspace=workspace, by=editor, raw=raw.encode(), fmt="planner", commit=True
    )
    assert report.ok, report.problems
    post = Post.objects.get()
    assert (post.category, post.link, post.serves) == (
        "engagement",
        "https://example.com/b",
        "Service",
    )


def test_an_unknown_column_blocks_until_ignored_on_purpose(client, url, x_account):
    raw = (
        "date,time,channel,category,text,Hashtags\n"
        f"{DAY:%Y-%m-%d},09:00,x:@vandijk,curated,Hi,#spring\n"
    )
    response = preview(client, url, raw)
    html = response.content.decode()
    assert "The column “Hashtags” is not one the calendar knows" in html
    assert "Hashtags → ?" in html
    assert not response.context["report"].ok
    # Confirming without a choice imports nothing.
    blocked = confirm(client, url, response)
    assert not blocked.context["report"].ok
    assert not Post.objects.exists()
    # Ignored on purpose, the check shows it so and the import goes ahead.
    checked = client.post(
        url, {**FORM, "csv_text": response.context["csv_text"], "column_5": "ignore"}
    )
    assert "Hashtags → ignored" in checked.content.decode()
    assert checked.context["report"].ok
    done = confirm(client, url, response, column_5="ignore")
    assert "1 posts are imported." in done.content.decode()
    assert Post.objects.get().text == "Hi"


def test_an_unknown_column_mapped_in_the_preview_fills_its_field(client, url, x_account):
    raw = (
        "date,time,channel,category,Wat we zeggen\n"
        f"{DAY:%Y-%m-%d},09:00,x:@vandijk,curated,Hallo allemaal\n"
    )
    response = preview(client, url, raw)
    report = response.context["report"]
    assert [c.header for c in report.unresolved_columns] == ["Wat we zeggen"]
    done = confirm(client, url, response, column_4="text")
    assert "1 posts are imported." in done.content.decode()
    assert Post.objects.get().text == "Hallo allemaal"


def test_two_columns_for_one_field_block_until_one_is_ignored(client, url, x_account):
    raw = (
        "date,time,channel,category,Text,Message\n"
        f"{DAY:%Y-%m-%d},09:00,x:@vandijk,curated,Short,The long version\n"
    )
    response = preview(client, url, raw)
    assert "The columns “Text”, “Message” all hold “text”" in response.content.decode()
    assert not confirm(client, url, response).context["report"].ok
    assert not Post.objects.exists()
    done = confirm(client, url, response, column_4="ignore")
    assert "1 posts are imported." in done.content.decode()
    assert Post.objects.get().text == "The long version"


def test_a_trailing_separator_is_not_a_column(workspace, editor, x_account):
    raw = f"date,time,channel,category,text,\n{DAY:%Y-%m-%d},09:00,x:@vandijk,curated,Hi,\n"
    report = exchange.posts_import(
        workspace=workspace, by=editor, raw=raw.encode(), fmt="planner", commit=True
    )
    assert report.ok, report.problems
    assert Post.objects.count() == 1


def test_the_preview_shows_the_mapping_in_the_readers_language(client, url, x_account):
    raw = (
        "Datum,Tijd,Kanaal,Categorie,Tekst,Notities\n"
        f"{DAY:%Y-%m-%d},09:00,x:@vandijk,curated,Hoi,intern\n"
    )
    with translation.override("nl"):
        response = client.post(
            url,
            {**FORM, "file": SimpleUploadedFile("p.csv", raw.encode())},
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    html = response.content.decode()
    assert "Datum → datum" in html
    assert "Tekst → tekst" in html
    assert "De kolom “Notities” kent de kalender niet" in html


def test_values_right_of_the_header_are_a_column_to_map_or_ignore(workspace, editor, x_account):
    raw = f"date,time,channel,category,text\n{DAY:%Y-%m-%d},09:00,x:@vandijk,curated,Hi,extra\n"
    options = {"workspace": workspace, "by": editor, "raw": raw.encode(), "fmt": "planner"}
    report = exchange.posts_import(**options, commit=True)
    assert [(c.index, c.header) for c in report.unresolved_columns] == [(5, "")]
    assert "The column “—” is not one the calendar knows" in report.problems[0]
    assert not Post.objects.exists()
    assert exchange.posts_import(**options, commit=True, column_choices={5: "ignore"}).ok
    assert Post.objects.count() == 1
