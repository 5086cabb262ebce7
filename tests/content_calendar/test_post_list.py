from django.urls import reverse

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory


def url(workspace, **params):
    base = reverse("calendar:list", kwargs={"workspace": workspace.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_filters_by_channel_category_and_status(client, workspace, editor):
    x = SocialAccountFactory(workspace=workspace, platform="x")
    PostFactory(
        workspace=workspace, channel=x, owner=editor, category="promotional", text="Promo on X"
    )
    PostFactory(workspace=workspace, owner=editor, category="curated", text="Curated elsewhere")
    client.force_login(editor)
    html = client.get(url(workspace, channel=x.pk, category="promotional")).content.decode()
    assert "Promo on X" in html
    assert "Curated elsewhere" not in html


def test_pages_in_constant_queries(client, workspace, editor, django_assert_num_queries):
    channel = SocialAccountFactory(workspace=workspace)
    PostFactory.create_batch(3, workspace=workspace, channel=channel, owner=editor)
    client.force_login(editor)
    client.get(url(workspace))
    with django_assert_num_queries(9) as few:
        client.get(url(workspace))
    PostFactory.create_batch(120, workspace=workspace, channel=channel, owner=editor)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url(workspace)).content.decode()
    assert "Page 1 of 3" in html
