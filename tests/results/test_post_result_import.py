"""results:post_result_import: upload, preview with the mapped rows, then confirm."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from results.models import ImportMapping, PostResult

from .post_results_helpers import published_posts, sample


def url(workspace):
    return reverse("results:post_result_import", kwargs={"workspace": workspace.slug})


def upload(client, workspace, channel, name, raw, headers=None, **extra):
    data = {
        "channel": channel.pk,
        "date_order": "dmy",
        "tolerance": "60",
        "file": SimpleUploadedFile(name, raw),
        **extra,
    }
    return client.post(url(workspace), data, headers=headers or {})


def carried(html: str) -> str:
    return re.search(r'name="file_data" value="([^"]*)"', html).group(1)


def test_preview_then_confirm_saves_the_figures(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    html = upload(
        client, workspace, channel, "export.csv", sample("linkedin_nl.csv")
    ).content.decode()
    assert "Nothing is saved yet" in html
    assert "Impressies → impressions or views" in html
    assert "Betrokkenheidsgraad → ignored" in html
    assert not PostResult.objects.exists()  # a preview saves nothing
    response = client.post(
        url(workspace),
        {
            "channel": channel.pk,
            "date_order": "dmy",
            "tolerance": "60",
            "file_data": carried(html),
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    assert PostResult.objects.count() == 3
    assert ImportMapping.objects.get(channel=channel).columns["impressions"] == "Impressies"


def test_a_column_mapped_in_the_preview_is_used_on_confirm(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    raw = b"Date,Seen by,Clicks\n2026-02-10 09:00,100,1\n"
    html = upload(client, workspace, channel, "x.csv", raw).content.decode()
    assert "Seen by → ignored" in html
    client.post(
        url(workspace),
        {
            "channel": channel.pk,
            "date_order": "dmy",
            "tolerance": "60",
            "file_data": carried(html),
            "column_1": "impressions",
            "confirm": "1",
        },
    )
    assert PostResult.objects.get().impressions == 100


def test_unmatched_rows_are_listed_and_nothing_is_saved_unless_skipped(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    raw = b"Date,Impressions\n2026-02-10 09:00,100\n2026-05-01 09:00,5\n"
    html = upload(client, workspace, channel, "x.csv", raw).content.decode()
    assert "1 row matches no published post of this channel." in html
    assert "Save these figures" not in html
    data = {
        "channel": channel.pk,
        "date_order": "dmy",
        "tolerance": "60",
        "file_data": carried(html),
        "confirm": "1",
    }
    client.post(url(workspace), data)
    assert not PostResult.objects.exists()
    response = client.post(url(workspace), {**data, "skip_unmatched": "on"})
    assert response.status_code == 302
    assert PostResult.objects.count() == 1


def test_an_upload_with_confirm_is_only_a_preview(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    upload(client, workspace, channel, "x.csv", sample("strategy_planner.csv"), confirm="1")
    assert not PostResult.objects.exists()


def test_hostile_files_get_a_clear_message(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    html = upload(client, workspace, channel, "x.csv", sample("not_a_spreadsheet.csv")).content
    assert "not a CSV or Excel file" in html.decode()
    html = upload(client, workspace, channel, "x.csv", b"").content.decode()
    assert "empty" in html
    assert not PostResult.objects.exists()


def test_a_forged_file_field_saves_nothing(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    data = {"channel": channel.pk, "date_order": "dmy", "tolerance": "60", "confirm": "1"}
    html = client.post(url(workspace), {**data, "file_data": "not base64!"}).content.decode()
    assert "The file is empty." in html
    assert not PostResult.objects.exists()


def test_another_workspaces_channel_cannot_be_chosen(
    client, workspace, other_workspace, editor, outsider
):
    channel, _posts = published_posts(other_workspace, outsider)
    client.force_login(editor)
    response = upload(client, workspace, channel, "x.csv", sample("strategy_planner.csv"))
    assert response.status_code == 200
    assert not PostResult.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_in_dutch(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    html = upload(
        client,
        workspace,
        channel,
        "x.csv",
        sample("linkedin_nl.csv"),
        headers={"accept-language": "nl"},
    ).content.decode()
    assert "Resultaten importeren" in html


def test_a_big_file_lists_the_rows_that_need_attention_first(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    lines = ["2026-05-01 09:00,1"] * 600 + ["2026-02-10 09:00,100", "2026-02-31 09:00,4"]
    raw = ("Date,Impressions\n" + "\n".join(lines) + "\n").encode()
    client.force_login(editor)
    response = upload(client, workspace, channel, "x.csv", raw)
    html = response.content.decode()
    assert 'data-testid="row-603"' in html  # the unreadable date, after 600 unmatched rows
    assert "102 more rows are read the same way and not listed." in html


def test_a_50_mb_file_is_refused_before_it_is_read(client, workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    html = upload(
        client, workspace, channel, "big.csv", b"Date,Impressions\n" + b"1" * 50 * 1024 * 1024
    )
    assert "The file is larger than 5 MB." in html.content.decode()
    assert not PostResult.objects.exists()


def test_a_file_too_large_to_carry_to_the_confirm_says_so(client, workspace, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    channel, _posts = published_posts(workspace, editor)
    client.force_login(editor)
    html = upload(client, workspace, channel, "x.xlsx", sample("facebook_nl.xlsx")).content.decode()
    assert "too large to preview and save in one go" in html
    assert "Save these figures" not in html


def test_a_team_with_one_channel_finds_it_chosen(client, workspace, editor):
    from ..accounts_registry.factories import SocialAccountFactory

    only = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    chosen = f'<option value="{only.pk}" selected>'
    assert chosen in client.get(url(workspace)).content.decode()
    SocialAccountFactory(workspace=workspace)
    assert chosen not in client.get(url(workspace)).content.decode()  # two: the team chooses
