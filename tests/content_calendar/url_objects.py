"""The objects the calendar's URLs point at, for the access matrix."""

import datetime
import io

from django.core.files.base import ContentFile
from PIL import Image

from content_calendar.models import Post, PostImage, PostingSlot

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory


def _post(workspace, user):
    return {"pk": PostFactory(workspace=workspace, owner=user).pk}


def _image(workspace, user):
    post = PostFactory(workspace=workspace, owner=user)
    image = PostImage.objects.create(
        post=post,
        file=ContentFile(_png(), name="x.png"),
        thumbnail=ContentFile(_png(), name="t.png"),
        alt_text="An image",
        content_type="image/png",
    )
    return {"pk": image.pk}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    return out.getvalue()


def _removal(workspace, user):
    post = PostFactory(workspace=workspace, owner=user)
    pk = post.pk
    post.delete()
    return {"pk": Post.history.get(id=pk, history_type="-").history_id}


def _campaign(workspace, user):
    from content_calendar.models import Campaign

    return {"pk": Campaign.objects.create(workspace=workspace, name="Spring").pk}


def _slot(workspace, user):
    channel = SocialAccountFactory(workspace=workspace)
    slot = PostingSlot.objects.create(
        workspace=workspace, channel=channel, weekday=2, time=datetime.time(9)
    )
    return {"pk": slot.pk}


URL_OBJECTS = {
    "calendar:month": lambda w, u: {"year": 2026, "month": 11},
    "calendar:week": lambda w, u: {"year": 2026, "week": 48},
    "calendar:month_balance": lambda w, u: {"year": 2026, "month": 11},
    "calendar:week_balance": lambda w, u: {"year": 2026, "week": 48},
    "calendar:post_edit": _post,
    "calendar:post_move": _post,
    "calendar:slot_remove": _slot,
    "calendar:post_duplicate": _post,
    "calendar:post_delete": _post,
    "calendar:post_image_add": _post,
    "calendar:post_approve": _post,
    "calendar:post_status": _post,
    "calendar:campaign_edit": _campaign,
    "calendar:post_comment": _post,
    "calendar:post_image": _image,
    "calendar:post_image_thumbnail": _image,
    "calendar:post_image_remove": _image,
    "calendar:post_restore": _removal,
}
