"""The demo workspace's curated content, read from the sample feeds shipped with the app."""

import socket

from django.urls import reverse

from curation.models import Item, Source
from workspaces.demo import DEMO_EMAIL, demo_workspace_create


def test_the_demo_has_two_sources_with_items_in_the_inbox_without_any_network(
    client, db, monkeypatch
):
    def no_network(*args, **kwargs):
        raise AssertionError("the demo reached for the network")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    workspace = demo_workspace_create().workspace
    sources = list(Source.objects.filter(workspace=workspace).select_related("theme"))
    assert [(s.name, s.theme.name, s.active) for s in sources] == [
        ("Installatie Nieuws (voorbeeld)", "Warmtepomp in de praktijk", False),
        ("Werken in de Techniek (voorbeeld)", "Werken bij Van Dijk", False),
    ]
    assert Item.objects.filter(source__workspace=workspace).count() == 9
    # No markup from the feed: the JSON Feed's HTML content is plain text.
    assert Item.objects.get(key="wt-760").summary.startswith("Een vaste begeleider")

    client.force_login(workspace.memberships.get(user__email=DEMO_EMAIL).user)
    page = client.get(reverse("curation:inbox", kwargs={"workspace": workspace.slug}))
    titles = [item.title for item in page.context["page"].object_list]
    assert titles[0] == "Subsidies voor verduurzaming van bedrijfspanden in 2027: het overzicht"
    assert len(titles) == 9
