"""A post's images through the API: uploaded with the page's checks, listed, fetched, removed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from content_calendar import images
from content_calendar.models import PostImage

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def post(workspace, editor):
    channel = SocialAccountFactory(workspace=workspace, platform="linkedin_page")
    return PostFactory(workspace=workspace, channel=channel, owner=editor)


def url(name, workspace, **kwargs):
    return reverse(f"api:{name}", kwargs={"workspace": workspace.slug, **kwargs})


def png(size=(40, 30)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, format="PNG")
    out.seek(0)
    out.name = "pump.jpg"  # the name lies; the content decides
    return out


def upload(client, token, target, **data):
    return client.post(target, data, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_an_image_is_uploaded_listed_fetched_and_removed(client, api_as, workspace, editor, post):
    api = api_as(editor, workspace)
    created = upload(
        client, api.token, url("post_images", workspace, pk=post.pk), file=png(), alt_text="A pump"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["content_type"], body["width"], body["height"]) == ("image/png", 40, 30)
    assert body["alt_text"] == "A pump"

    listed = api.get(url("post_images", workspace, pk=post.pk)).json()["results"]
    assert [i["id"] for i in listed] == [body["id"]]

    fetched = api.get(url("image_file", workspace, pk=body["id"]))
    assert fetched["Content-Type"] == "image/png"
    assert b"".join(fetched.streaming_content).startswith(b"\x89PNG")

    assert api.delete(url("image", workspace, pk=body["id"])).status_code == 204
    assert not PostImage.objects.exists()


def test_an_upload_without_alt_text_or_that_is_no_image_is_refused_by_field(
    client, api_as, workspace, editor, post
):
    token = api_as(editor, workspace).token
    target = url("post_images", workspace, pk=post.pk)
    no_alt = upload(client, token, target, file=png(), alt_text=" ")
    text = io.BytesIO(b"not an image at all")
    text.name = "photo.png"
    not_image = upload(client, token, target, file=text, alt_text="A pump")

    assert no_alt.status_code == 400
    assert "alt_text" in no_alt.json()["errors"]
    assert not_image.status_code == 400
    assert not_image.json()["errors"]["file"] == [
        "This file is not an image (JPEG, PNG, GIF or WebP)."
    ]
    assert not PostImage.objects.exists()


def test_the_refusal_is_in_the_callers_language(client, api_as, workspace, editor, post):
    token = api_as(editor, workspace).token
    text = io.BytesIO(b"not an image at all")
    text.name = "photo.png"
    response = client.post(
        url("post_images", workspace, pk=post.pk),
        {"file": text, "alt_text": "Een pomp"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert "geen afbeelding" in response.json()["errors"]["file"][0]


def test_another_workspaces_image_is_not_found(
    api_as, workspace, other_workspace, editor, outsider
):
    channel = SocialAccountFactory(workspace=other_workspace, platform="linkedin_page")
    theirs = PostFactory(workspace=other_workspace, channel=channel)
    image = images.post_image_add(
        post=theirs,
        by=outsider,
        file=SimpleUploadedFile("t.png", png().getvalue()),
        alt_text="Theirs",
    )
    api = api_as(editor, workspace)
    assert api.get(url("image", workspace, pk=image.pk)).status_code == 404
    assert api.get(url("image_file", workspace, pk=image.pk)).status_code == 404
    assert api.delete(url("image", workspace, pk=image.pk)).status_code == 404
    assert PostImage.objects.filter(pk=image.pk).exists()
