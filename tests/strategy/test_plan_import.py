import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategy import services
from strategy.models import StrategyPlan

from .factories import complete_plan


def url(workspace):
    return reverse("strategy:plan_import", kwargs={"workspace": workspace.slug})


def test_imports_an_exported_plan_as_a_draft(client, workspace, editor):
    exported = services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
    client.force_login(editor)
    response = client.post(
        url(workspace), {"file": SimpleUploadedFile("plan.json", exported)}, follow=True
    )
    assert "is imported as a draft" in response.content.decode()
    assert StrategyPlan.objects.filter(status="draft").count() == 2


def test_reports_every_problem_and_imports_nothing(client, workspace, editor):
    content = json.loads(
        services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
    )
    content["what"]["mix_promotional"] = "lots"
    content["period_start"] = "someday"
    client.force_login(editor)
    response = client.post(
        url(workspace), {"file": SimpleUploadedFile("plan.json", json.dumps(content).encode())}
    )
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "<code>period_start</code>" in html
    assert "<code>mix_promotional</code>" in html
    assert StrategyPlan.objects.count() == 1


def test_a_file_that_is_not_json(client, workspace, editor):
    client.force_login(editor)
    response = client.post(
        url(workspace), {"file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff")}
    )
    assert "not JSON" in response.content.decode()
    assert not StrategyPlan.objects.exists()


def test_wrong_types_are_listed_not_a_server_error(client, workspace, editor):
    content = json.loads(
        services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
    )
    content["title"] = ["a"]
    content["why"]["top_goal"] = None
    content["why"]["sub_goals"][0]["deadline"] = [1]
    content["how"]["channels"][0]["account"]["platform"] = ["linkedin_page"]
    client.force_login(editor)
    response = client.post(
        url(workspace), {"file": SimpleUploadedFile("plan.json", json.dumps(content).encode())}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported." in html
    assert "<code>title</code>: Expected text." in html
    assert "<code>top_goal</code>: Expected a value, not null." in html
    assert "<code>why.sub_goals[1].deadline</code>: Expected a date as text (YYYY-MM-DD)." in html
    assert "<code>how.channels[1]</code>: No account" in html
    assert StrategyPlan.objects.count() == 1


def test_a_file_over_the_limit_is_refused_unread(client, workspace, editor, settings):
    # The request limit is raised so the form, not Django's own guard, decides.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    client.force_login(editor)
    big = b"{" + b" " * services.IMPORT_MAX_BYTES + b"}"
    response = client.post(url(workspace), {"file": SimpleUploadedFile("plan.json", big)})
    assert "The file is larger than 2 MB." in response.content.decode()
    assert not StrategyPlan.objects.exists()
