import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategy import services
from strategy.models import StrategyPlan

from .factories import complete_plan


def url(workspace):
    return reverse("strategy:plan_import", kwargs={"workspace": workspace.slug})


def exported_and_gone(workspace, owner) -> bytes:
    """A plan's file whose plan is no longer in the workspace (its accounts still are)."""
    plan = complete_plan(workspace=workspace, owner=owner)
    exported = services.plan_export(plan=plan)
    plan.delete()
    return exported


def test_imports_an_exported_plan_as_a_draft(client, workspace, editor):
    exported = exported_and_gone(workspace, editor)
    client.force_login(editor)
    response = client.post(
        url(workspace), {"file": SimpleUploadedFile("plan.json", exported)}, follow=True
    )
    assert "is imported as a draft" in response.content.decode()
    assert StrategyPlan.objects.filter(workspace=workspace, status="draft").count() == 1


def test_the_same_file_twice_imports_it_once(client, workspace, editor):
    exported = exported_and_gone(workspace, editor)
    client.force_login(editor)
    client.post(url(workspace), {"file": SimpleUploadedFile("plan.json", exported)})
    first = StrategyPlan.objects.get(workspace=workspace)
    # Spelled differently (another indent, keys in another order): the same plan.
    respelled = json.dumps(json.loads(exported), sort_keys=True).encode()
    response = client.post(url(workspace), {"file": SimpleUploadedFile("plan.json", respelled)})
    html = response.content.decode()
    assert "This plan is already here:" in html
    link = reverse("strategy:plan_detail", kwargs={"workspace": workspace.slug, "pk": first.pk})
    assert f'href="{link}"' in html
    assert StrategyPlan.objects.filter(workspace=workspace).count() == 1


def test_a_file_is_recognised_after_the_plan_it_made_was_edited(client, workspace, editor):
    exported = exported_and_gone(workspace, editor)
    client.force_login(editor)
    client.post(url(workspace), {"file": SimpleUploadedFile("plan.json", exported)})
    StrategyPlan.objects.filter(workspace=workspace).update(top_goal="Something else now")
    response = client.post(url(workspace), {"file": SimpleUploadedFile("plan.json", exported)})
    assert "This plan is already here:" in response.content.decode()
    assert StrategyPlan.objects.filter(workspace=workspace).count() == 1


def test_an_export_of_a_plan_here_is_that_plan(client, workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    exported = services.plan_export(plan=plan)
    client.force_login(editor)
    response = client.post(url(workspace), {"file": SimpleUploadedFile("plan.json", exported)})
    html = response.content.decode()
    assert "This plan is already here:" in html
    assert plan.title in html
    assert StrategyPlan.objects.count() == 1


def test_a_copy_on_purpose_is_imported(client, workspace, editor):
    exported = services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {"file": SimpleUploadedFile("plan.json", exported), "again": "on"},
        follow=True,
    )
    assert "is imported as a draft" in response.content.decode()
    assert StrategyPlan.objects.filter(status="draft").count() == 2


def test_a_different_file_of_the_same_plan_is_imported_and_says_which(client, workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    content = json.loads(services.plan_export(plan=plan))
    content["why"]["top_goal"] = "A corrected goal"
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {"file": SimpleUploadedFile("plan.json", json.dumps(content).encode())},
        follow=True,
    )
    html = response.content.decode()
    assert "is imported as a draft" in html
    assert "It resembles" in html
    link = reverse("strategy:plan_detail", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    assert f'href="{link}"' in html
    assert StrategyPlan.objects.count() == 2


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
