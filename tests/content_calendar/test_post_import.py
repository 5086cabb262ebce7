import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory


def test_preview_then_import_with_a_changed_row_category(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace, platform="x")
    day = (timezone.now() + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    raw = f"{day} 09:00,Morning\n{day} 12:00,Noon question?\n".encode()
    client.force_login(editor)
    url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
    form = {
        "format": "hootsuite",
        "channel": channel.pk,
        "category": "curated",
        "date_order": "dmy",
    }
    preview = client.post(url, {**form, "file": SimpleUploadedFile("h.csv", raw)})
    assert "Preview: 2 posts to import." in preview.content.decode()
    assert not Post.objects.exists()
    response = client.post(
        url,
        {
            **form,
            "csv_text": preview.context["csv_text"],
            "category_2": "engagement",
            "confirm": "1",
        },
        follow=True,
    )
    assert "2 posts are imported." in response.content.decode()
    assert sorted(Post.objects.values_list("category", flat=True)) == ["curated", "engagement"]


def test_a_file_that_is_not_csv_imports_nothing(client, workspace, editor):
    client.force_login(editor)
    url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
    response = client.post(
        url,
        {
            "format": "planner",
            "date_order": "dmy",
            "file": SimpleUploadedFile("a.png", b"\x89PNG\x00\x00"),
        },
    )
    assert "This is not a CSV file" in response.content.decode()
    assert not Post.objects.exists()
