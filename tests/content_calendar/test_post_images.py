"""Images on a post: checked by their content, with alt text, shown to members only."""

import datetime
import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from content_calendar import images
from content_calendar.models import PostImage

from .conftest import at
from .factories import PostFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def picture(fmt="PNG", size=(64, 48), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, "teal")
    if exif is not None:
        image.save(out, format=fmt, exif=exif)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def upload(content: bytes, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def post(workspace, editor, linkedin):
    return PostFactory(workspace=workspace, channel=linkedin, owner=editor)


def test_a_png_named_jpg_is_taken_as_the_png_it_is(post, editor):
    image = images.post_image_add(
        post=post, by=editor, file=upload(picture("PNG"), name="photo.jpg"), alt_text="A pump"
    )
    assert (image.content_type, image.width, image.height) == ("image/png", 64, 48)
    assert image.file.name.endswith(".png")
    assert image.thumbnail


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"just some text, not an image", "not_an_image"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "not_an_image",
        ),
    ],
)
def test_a_file_that_is_no_image_is_refused_whatever_its_name(post, editor, content, code):
    with pytest.raises(ValidationError) as caught:
        images.post_image_add(post=post, by=editor, file=upload(content), alt_text="x")
    assert caught.value.error_dict["file"][0].code == code
    assert not PostImage.objects.exists()


def test_a_format_other_than_the_four_is_refused(post, editor):
    with pytest.raises(ValidationError) as caught:
        images.post_image_add(post=post, by=editor, file=upload(picture("BMP")), alt_text="x")
    assert "BMP images are not taken" in caught.value.messages[0]


def test_too_big_and_too_many_pixels_are_refused(post, editor, settings):
    settings.POST_IMAGE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        images.post_image_add(post=post, by=editor, file=upload(picture()), alt_text="x")
    assert caught.value.error_dict["file"][0].code == "too_big"
    settings.POST_IMAGE_MAX_BYTES = 8 * 1024 * 1024
    settings.POST_IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as caught:
        images.post_image_add(post=post, by=editor, file=upload(picture()), alt_text="x")
    assert caught.value.error_dict["file"][0].code == "too_many_pixels"


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(post, editor):
    # A PNG of a few bytes whose header claims 30,000 by 30,000 pixels: 900 megapixels.
    small = picture("PNG", size=(1, 1))
    header = small[16:29]  # width, height, depth, colour type, ... of the IHDR chunk
    claimed = (30_000).to_bytes(4, "big") * 2 + header[8:]
    crc = zlib.crc32(b"IHDR" + claimed).to_bytes(4, "big")
    bomb = small[:16] + claimed + crc + small[33:]
    with pytest.raises(Image.DecompressionBombError):  # what Pillow itself says of it
        Image.open(io.BytesIO(bomb))
    with pytest.raises(ValidationError) as caught:
        images.post_image_add(post=post, by=editor, file=upload(bomb), alt_text="x")
    assert caught.value.error_dict["file"][0].code in ("too_many_pixels", "not_an_image")


def test_alt_text_is_required(post, editor):
    with pytest.raises(ValidationError) as caught:
        images.post_image_add(post=post, by=editor, file=upload(picture()), alt_text="  ")
    assert (
        "people who can't see it hear this text" in caught.value.error_dict["alt_text"][0].message
    )


def test_what_a_camera_wrote_into_a_photo_is_not_kept(post, editor):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x0131] = "Phone software 1.0"
    with_gps = picture("JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(with_gps)).getexif()
    image = images.post_image_add(
        post=post, by=editor, file=upload(with_gps, "p.jpg", "image/jpeg"), alt_text="x"
    )
    with image.file.open("rb") as handle:
        assert not Image.open(handle).getexif()


def page(post):
    return reverse("calendar:post_edit", kwargs={"workspace": post.workspace.slug, "pk": post.pk})


def add_url(post):
    return reverse(
        "calendar:post_image_add", kwargs={"workspace": post.workspace.slug, "pk": post.pk}
    )


def test_attach_from_the_post_page_and_see_it(client, post, editor):
    client.force_login(editor)
    response = client.post(
        add_url(post),
        {"file": upload(picture()), "alt_text": "A technician at a heat pump"},
        follow=True,
    )
    html = response.content.decode()
    assert "The image is attached." in html
    image = PostImage.objects.get()
    assert 'alt="A technician at a heat pump"' in html
    thumbnail = client.get(
        reverse(
            "calendar:post_image_thumbnail",
            kwargs={"workspace": post.workspace.slug, "pk": image.pk},
        )
    )
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert b"".join(thumbnail.streaming_content)[:2] == b"\xff\xd8"
    assert "private" in thumbnail["Cache-Control"]


def test_a_refused_upload_keeps_the_alt_text_typed(client, post, editor):
    client.force_login(editor)
    response = client.post(add_url(post), {"file": upload(b"not an image"), "alt_text": "Our team"})
    html = response.content.decode()
    assert "This file is not an image" in html
    assert 'value="Our team"' in html
    assert not PostImage.objects.exists()


def test_another_workspaces_member_cannot_see_an_image(client, post, editor, outsider):
    image = images.post_image_add(post=post, by=editor, file=upload(picture()), alt_text="x")
    client.force_login(outsider)
    url = reverse("calendar:post_image", kwargs={"workspace": post.workspace.slug, "pk": image.pk})
    assert client.get(url).status_code == 404


def test_the_calendar_shows_the_first_image_with_its_alt_text_in_constant_queries(
    client, workspace, editor, linkedin
):
    day = datetime.date(2026, 11, 10)
    year, week, _ = day.isocalendar()
    url = reverse("calendar:week", kwargs={"workspace": workspace.slug, "year": year, "week": week})
    first = PostFactory(workspace=workspace, channel=linkedin, owner=editor, scheduled_at=at(day))
    images.post_image_add(
        post=first, by=editor, file=upload(picture()), alt_text="Pump in a cellar"
    )
    client.force_login(editor)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert 'class="chip-thumb"' in html
    assert 'alt="Pump in a cellar"' in html
    for hour in range(11, 16):
        post = PostFactory(
            workspace=workspace, channel=linkedin, owner=editor, scheduled_at=at(day, hour)
        )
        images.post_image_add(
            post=post, by=editor, file=upload(picture()), alt_text=f"Image {hour}"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
