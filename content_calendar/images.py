"""Images on a post: checked by what they are, not by what they are called.

Pillow reads each upload: only JPEG, PNG, GIF and WebP pass, by the format Pillow finds in the
bytes (a text file named .png is refused); the size and the number of pixels are limited (a
small file can unpack into a picture that fills the memory). What is stored is re-encoded
from the pixels, turned upright, without its EXIF data (which may hold where a photo was
taken), next to a thumbnail for the calendar. Every image carries its alt text: what a
screen reader says in its place.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from workspaces.access import require_role
from workspaces.formatting import number
from workspaces.models import Role

from .models import Post, PostImage

# Pillow's format name -> the content type stored and served.
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
THUMBNAIL_SIZE = (320, 320)


def _refuse(message: str, code: str, field: str = "file"):
    raise ValidationError({field: ValidationError(message, code=code)})


def _read(upload) -> tuple[Image.Image, str]:
    """The upload as Pillow reads it, and its format; a clear refusal otherwise."""
    if upload.size > settings.POST_IMAGE_MAX_BYTES:
        _refuse(
            _("The file has %(size)s MB; an image may have at most %(max)s MB.")
            % {
                "size": number(round(upload.size / 1024 / 1024, 1)),
                "max": number(settings.POST_IMAGE_MAX_BYTES // 1024 // 1024),
            },
            "too_big",
        )
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        _refuse(_("This file is not an image (JPEG, PNG, GIF or WebP)."), "not_an_image")
    if kind not in FORMATS:
        _refuse(
            _("%(format)s images are not taken: use JPEG, PNG, GIF or WebP.") % {"format": kind},
            "format",
        )
    if width * height > settings.POST_IMAGE_MAX_PIXELS:
        _refuse(
            _("The image has %(pixels)s megapixels; at most %(max)s are taken.")
            % {
                "pixels": number(round(width * height / 1_000_000, 1)),
                "max": number(settings.POST_IMAGE_MAX_PIXELS // 1_000_000),
            },
            "too_many_pixels",
        )
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        _refuse(_("This image is damaged: it cannot be read."), "damaged")
    return image, kind


def _encoded(image: Image.Image, kind: str) -> bytes:
    """The pixels again, upright and without EXIF. An animated GIF is kept as it is: its
    frames would be lost (GIFs carry no EXIF)."""
    if kind == "GIF":
        out = io.BytesIO()
        image.save(out, format="GIF", save_all=getattr(image, "is_animated", False))
        return out.getvalue()
    upright = ImageOps.exif_transpose(image)
    if kind == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    options = {"quality": 90} if kind in ("JPEG", "WEBP") else {}
    upright.save(out, format=kind, **options)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = ImageOps.exif_transpose(image).convert("RGB")
    small.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=80)
    return out.getvalue()


@transaction.atomic
def post_image_add(*, post: Post, by, file, alt_text: str) -> PostImage:
    """Attach an image to the post, with its alt text (required)."""
    require_role(user=by, workspace=post.workspace, role=Role.EDITOR)
    alt_text = (alt_text or "").strip()
    if not alt_text:
        _refuse(
            _("Say what the image shows: people who can't see it hear this text."),
            "alt_text_missing",
            "alt_text",
        )
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.images.count() >= settings.POST_IMAGES_PER_POST:
        _refuse(
            _("A post has at most %(max)s images.") % {"max": settings.POST_IMAGES_PER_POST},
            "too_many_images",
        )
    image, kind = _read(file)
    content = _encoded(image, kind)
    attached = PostImage(
        post=locked,
        alt_text=alt_text[:1000],
        size=len(content),
        content_type=FORMATS[kind],
        position=locked.images.count(),
        uploaded_by=by,
    )
    attached.file.save(f"image.{attached.extension}", ContentFile(content), save=False)
    attached.thumbnail.save("thumbnail.jpg", ContentFile(_thumbnail(image)), save=False)
    attached.full_clean()
    attached.save()
    return attached


@transaction.atomic
def post_image_remove(*, image: PostImage, by) -> None:
    """Take the image off the post. The stored file stays while a backup copy of another
    workspace may use the same one (see workspaces/backup.py); nothing else shows it."""
    require_role(user=by, workspace=image.post.workspace, role=Role.EDITOR)
    PostImage.objects.filter(pk=image.pk).delete()
