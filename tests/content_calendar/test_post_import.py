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


def test_preview_reports_the_files_own_line_numbers(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace, platform="x")
    day = (timezone.now() + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    raw = f"Date,Message,Link\n{day} 09:00,Fine,\n{day} 09:03,Off the step,\n".encode()
    client.force_login(editor)
    url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
    preview = client.post(
        url,
        {
            "format": "hootsuite",
            "channel": channel.pk,
            "category": "curated",
            "date_order": "dmy",
            "file": SimpleUploadedFile("h.csv", raw),
        },
    )
    rows = preview.context["report"].rows
    assert [(r.line, r.errors) for r in rows] == [
        (2, []),
        (3, ["Hootsuite takes times on 5-minute steps only."]),
    ]
    html = preview.content.decode()
    assert 'name="category_3"' in html
    assert 'name="category_1"' not in html


def test_an_unknown_category_stays_wrong_on_check_again(client, workspace, editor):
    SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")
    day = (timezone.now() + datetime.timedelta(days=5)).date()
    raw = f"date,time,channel,category,text\n{day},09:00,x:@vandijk,gossip,Hi\n".encode()
    client.force_login(editor)
    url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
    form = {"format": "planner", "date_order": "dmy"}
    preview = client.post(url, {**form, "file": SimpleUploadedFile("p.csv", raw)})
    html = preview.content.decode()
    assert html.count("Unknown category") == 1
    # The select does not show the first category as if it were chosen.
    assert '<option value="" selected>Choose a category</option>' in html
    assert '<option value="promotional" selected>' not in html
    # "Check again" with the select left alone: still wrong, still one error, nothing saved.
    again = client.post(
        url, {**form, "csv_text": preview.context["csv_text"], "category_2": "", "confirm": "1"}
    )
    assert again.context["report"].rows[0].errors == ["Unknown category “gossip”."]
    assert not Post.objects.exists()
    # Choosing one fixes it.
    done = client.post(
        url,
        {**form, "csv_text": preview.context["csv_text"], "category_2": "curated", "confirm": "1"},
        follow=True,
    )
    assert "1 posts are imported." in done.content.decode()
    assert Post.objects.get().category == "curated"


def test_a_hootsuite_file_of_more_than_350_rows_imports_nothing(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace, platform="x")
    day = (timezone.now() + datetime.timedelta(days=5)).date()
    start = datetime.datetime.combine(day, datetime.time(8, 0))
    raw = "".join(
        f"{start + datetime.timedelta(minutes=5 * n):%d/%m/%Y %H:%M},Post {n},\n"
        for n in range(351)
    ).encode()
    client.force_login(editor)
    url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
    form = {
        "format": "hootsuite",
        "channel": channel.pk,
        "category": "curated",
        "date_order": "dmy",
    }
    preview = client.post(url, {**form, "file": SimpleUploadedFile("h.csv", raw)})
    html = preview.content.decode()
    assert "The file has 351 posts; Hootsuite takes at most 350 in one file." in html
    assert "Import these posts" not in html
    # Not even when the confirmation is forced.
    client.post(url, {**form, "csv_text": preview.context["csv_text"], "confirm": "1"})
    assert not Post.objects.exists()
