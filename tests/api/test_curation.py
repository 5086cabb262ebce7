"""Curation through the API: sources added by their site, refused with a reason and its code,
switched off and removed by a reviewer; the inbox's items filtered, dismissed and brought back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from curation.models import FetchError, Item, Source

from ..content_calendar.factories import PostFactory
from ..curation import conftest as curation
from ..curation.conftest import rss
from ..curation.factories import ItemFactory, SourceFactory
from ..strategy.factories import complete_plan

# The curation tests' fixtures, used here too: the local feed server, and an approved plan.
feeds, approved_plan, linkedin, instagram = (
    curation.feeds,
    curation.approved_plan,
    curation.linkedin,
    curation.instagram,
)

PAGE = b"""<!doctype html><html><head><title>Installatie Nieuws</title>
<link rel="alternate" type="application/rss+xml" title="Nieuws" href="/feed.xml">
</head><body>News</body></html>"""


def url(name, workspace, **kwargs):
    return reverse(f"api:curation_{name}", kwargs={"workspace": workspace.slug, **kwargs})


@pytest.fixture
def api(api_as, workspace, editor):
    return api_as(editor, workspace)


# --- Sources ----------------------------------------------------------------------------------


def test_a_source_is_added_by_its_sites_address_with_its_theme_and_first_items(
    api,
    feeds,
    workspace,
    editor,
    approved_plan,
):
    theme = approved_plan.themes.get()
    feeds.serve("/", PAGE, content_type="text/html; charset=utf-8")
    feeds.serve("/feed.xml", rss(("a", "Subsidies 2027"), ("b", "Koudemiddelen")))

    created = api.post(url("sources", workspace), {"url": feeds.url("/"), "theme": theme.pk})

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["feed_url"] == feeds.url("/feed.xml")
    assert (body["name"], body["site_url"]) == ("Installatie Nieuws", "https://news.example/")
    assert (body["theme"], body["owner"], body["active"]) == (theme.pk, editor.pk, True)
    assert (body["new_items"], body["error_code"], body["error"]) == (2, "", "")
    assert Source.objects.get().items.count() == 2


def test_an_address_inside_the_network_is_refused_in_dutch_with_its_code(api, workspace):
    refused = api.post(
        url("sources", workspace),
        {"url": "http://169.254.169.254/latest/"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == FetchError.REFUSED_ADDRESS
    assert body["errors"]["url"] == [
        "Dit adres wordt niet opgehaald: alleen openbare http(s)-sites, geen adressen binnen "
        "een netwerk."
    ]
    assert not Source.objects.exists()


def test_the_same_feed_twice_is_refused_with_the_code_taken(api, feeds, workspace):
    feeds.serve("/feed.xml", rss(("a", "One")))
    assert api.post(url("sources", workspace), {"url": feeds.url("/feed.xml")}).status_code == 201

    again = api.post(url("sources", workspace), {"url": feeds.url("/feed.xml")})

    assert again.status_code == 400
    assert again.json()["code"] == "taken"
    assert Source.objects.count() == 1


def test_a_theme_of_a_plan_not_approved_is_refused_before_anything_is_fetched(
    api, workspace, editor
):
    draft = complete_plan(workspace=workspace, owner=editor)
    refused = api.post(
        url("sources", workspace),
        {"url": "https://news.example/feed.xml", "theme": draft.themes.first().pk},
    )

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["theme"]
    assert "code" not in refused.json()  # the input's own check, not a service's refusal


def test_sources_are_listed_with_their_errors_in_words_and_their_new_items(
    api, workspace, other_workspace
):
    failing = SourceFactory(
        workspace=workspace, name="A failing one", error_code=FetchError.NOT_FOUND, failures=2
    )
    fine = SourceFactory(workspace=workspace, name="B fine one")
    ItemFactory.create_batch(2, source=fine)
    ItemFactory(source=fine, status=Item.Status.DISMISSED)
    SourceFactory(workspace=other_workspace, name="Theirs")

    listed = api.get(url("sources", workspace)).json()

    assert listed["count"] == 2
    first, second = listed["results"]
    assert (first["id"], first["error_code"], first["failures"]) == (failing.pk, "not_found", 2)
    assert first["error"] == "Not found (404): check the address."
    assert (second["id"], second["error"], second["new_items"]) == (fine.pk, "", 2)


def test_a_source_is_switched_off_and_a_paused_one_on_again(api, workspace):
    source = SourceFactory(workspace=workspace, name="Installatie Nieuws")
    paused = SourceFactory(workspace=workspace, failures=5, paused_at=timezone.now())

    off = api.patch(url("source", workspace, pk=source.pk), {"active": False})
    on = api.patch(url("source", workspace, pk=paused.pk), {"active": True})

    assert off.status_code == 200, off.json()
    assert (off.json()["active"], off.json()["name"]) == (False, "Installatie Nieuws")
    assert (on.json()["paused_at"], on.json()["failures"]) == (None, 0)
    source.refresh_from_db()
    assert not source.active


def test_a_source_without_a_name_is_refused(api, workspace):
    source = SourceFactory(workspace=workspace, name="Installatie Nieuws")

    refused = api.patch(url("source", workspace, pk=source.pk), {"name": "  "})

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["name"]
    source.refresh_from_db()
    assert source.name == "Installatie Nieuws"


def test_only_a_reviewer_removes_a_source_and_its_items(api_as, workspace, editor, reviewer):
    source = SourceFactory(workspace=workspace)
    ItemFactory(source=source)
    target = url("source", workspace, pk=source.pk)

    assert api_as(editor, workspace).delete(target).status_code == 403
    assert Source.objects.exists()
    assert api_as(reviewer, workspace).delete(target).status_code == 204
    assert not Source.objects.exists()
    assert not Item.objects.exists()


def test_fetch_now_says_how_many_items_came_and_switches_a_paused_source_on(
    api,
    feeds,
    workspace,
):
    feeds.serve("/feed.xml", rss(("a", "One"), ("b", "Two")))
    source = SourceFactory(
        workspace=workspace, feed_url=feeds.url("/feed.xml"), paused_at=timezone.now(), failures=5
    )

    fetched = api.post(url("source_fetch", workspace, pk=source.pk))

    assert fetched.status_code == 200, fetched.json()
    body = fetched.json()
    assert body["added"] == 2
    assert (body["source"]["paused_at"], body["source"]["failures"]) == (None, 0)
    assert body["source"]["new_items"] == 2


def test_a_fetch_that_fails_answers_with_the_reason_on_the_source(api, workspace):
    source = SourceFactory(workspace=workspace, feed_url="http://127.0.0.1:9/feed")

    body = api.post(url("source_fetch", workspace, pk=source.pk)).json()

    assert body["added"] == 0
    assert body["source"]["error_code"] == FetchError.REFUSED_ADDRESS
    assert body["source"]["error"].startswith("This address is not fetched")


# --- The inbox --------------------------------------------------------------------------------


def titles(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["title"] for item in response.json()["results"]]


def test_new_items_newest_first_filtered_by_source_theme_status_and_words(
    api,
    workspace,
    other_workspace,
    approved_plan,
):
    theme = approved_plan.themes.get()
    heat = SourceFactory(workspace=workspace, theme=theme, name="Warmte")
    other = SourceFactory(workspace=workspace)
    now = timezone.now()
    ItemFactory(source=heat, title="Heat pump subsidy", published_at=now - datetime.timedelta(2))
    ItemFactory(source=other, title="Hiring in 2027", published_at=now - datetime.timedelta(1))
    ItemFactory(source=other, title="Dismissed news", status=Item.Status.DISMISSED)
    ItemFactory(source=SourceFactory(workspace=other_workspace), title="Theirs")
    items = url("items", workspace)

    assert titles(api.get(items)) == ["Hiring in 2027", "Heat pump subsidy"]
    assert titles(api.get(items, {"source": other.pk})) == ["Hiring in 2027"]
    assert titles(api.get(items, {"theme": theme.name})) == ["Heat pump subsidy"]
    assert titles(api.get(items, {"status": "dismissed"})) == ["Dismissed news"]
    assert titles(api.get(items, {"q": "subsidy"})) == ["Heat pump subsidy"]
    assert len(titles(api.get(items, {"status": "all"}))) == 3
    first = api.get(items).json()["results"][1]
    assert (first["source"], first["source_name"], first["post"]) == (heat.pk, "Warmte", None)
    assert api.get(items, {"status": "gone"}).status_code == 400


def test_an_item_is_dismissed_and_brought_back(api, workspace):
    item = ItemFactory(source=SourceFactory(workspace=workspace))
    target = url("item", workspace, pk=item.pk)

    dismissed = api.patch(target, {"status": "dismissed"})
    assert (dismissed.status_code, dismissed.json()["status"]) == (200, "dismissed")
    assert titles(api.get(url("items", workspace))) == []

    back = api.patch(target, {"status": "new"})
    assert back.json()["status"] == "new"
    assert titles(api.get(url("items", workspace))) == [item.title]


def test_a_planned_item_stays_planned_with_the_code_planned(api, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor)
    item = ItemFactory(
        source=SourceFactory(workspace=workspace), status=Item.Status.PLANNED, post=post
    )

    refused = api.patch(url("item", workspace, pk=item.pk), {"status": "dismissed"})

    assert refused.status_code == 400
    assert refused.json()["code"] == "planned"
    assert refused.json()["detail"] == "This item is planned as a post already."
    item.refresh_from_db()
    assert (item.status, item.post) == (Item.Status.PLANNED, post)
    assert api.get(url("item", workspace, pk=item.pk)).json()["post"] == post.pk


def test_another_workspaces_source_and_item_are_not_found(api, workspace, other_workspace):
    theirs = SourceFactory(workspace=other_workspace)
    item = ItemFactory(source=theirs)

    assert api.get(url("item", workspace, pk=item.pk)).status_code == 404
    assert api.patch(url("item", workspace, pk=item.pk), {"status": "dismissed"}).status_code == (
        404
    )
    assert api.get(url("source", workspace, pk=theirs.pk)).status_code == 404
    assert api.post(url("source_fetch", workspace, pk=theirs.pk)).status_code == 404
    item.refresh_from_db()
    assert item.status == Item.Status.NEW
