"""Posts and accounts made through the API are the ones the pages and exports show."""

import datetime

from django.urls import reverse

from accounts_registry.selectors import accounts_with_risks, risks_of
from api.models import ApiToken
from content_calendar.exchange import hootsuite_export

from ..accounts_registry.factories import SocialAccountFactory


def test_posts_created_through_the_api_are_in_the_calendar_and_the_hootsuite_export(
    client, api_as, workspace, editor
):
    channel = SocialAccountFactory(workspace=workspace)
    api = api_as(editor, workspace)
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    response = api.post(
        url,
        {
            "channel": channel.pk,
            "scheduled_at": "2030-03-05T10:00:00+01:00",
            "category": "engagement",
            "text": "Come and see our new heat pumps",
        },
    )
    assert response.status_code == 201, response.content
    listed = api.get(url, {"start": "2030-03-01", "end": "2030-03-31", "channel": channel.pk})
    assert [p["text"] for p in listed.json()["results"]] == ["Come and see our new heat pumps"]

    client.force_login(editor)
    week = client.get(
        reverse("calendar:week", kwargs={"workspace": workspace.slug, "year": 2030, "week": 10})
    )
    assert "Come and see our new heat pumps" in week.content.decode()
    export = hootsuite_export(
        workspace=workspace, start=datetime.date(2030, 3, 1), end=datetime.date(2030, 3, 31)
    )
    assert "Come and see our new heat pumps" in str(export.__dict__)


def test_an_account_created_through_the_api_is_in_the_registry_with_its_risks(
    client, api_as, workspace, editor
):
    api = api_as(editor, workspace)
    response = api.post(
        reverse("api:accounts", kwargs={"workspace": workspace.slug}),
        {"platform": "instagram", "handle": "@vandijk", "login_email": "jan@gmail.com"},
    )
    assert response.status_code == 201, response.content
    codes = {r["code"] for r in response.json()["risks"]}
    account = accounts_with_risks(workspace=workspace).get(pk=response.json()["id"])
    assert codes == {r.code for r in risks_of(account)}
    assert {"personal_login", "no_2fa"} <= codes
    client.force_login(editor)
    page = client.get(reverse("registry:index", kwargs={"workspace": workspace.slug}))
    assert "@vandijk" in page.content.decode()


def test_the_services_rules_come_back_as_field_errors_in_the_callers_language(
    api_as, workspace, editor
):
    api = api_as(editor, workspace)
    url = reverse("api:accounts", kwargs={"workspace": workspace.slug})
    data = {"platform": "x", "handle": "@vd", "notes": "password: Hunter2hunter2!"}
    response = api.post(url, data)
    assert response.status_code == 400
    assert "notes" in response.json()["errors"]
    dutch = api.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.status_code == 400
    assert dutch["Content-Language"] == "nl"


def test_a_reviewer_step_is_refused_to_an_editor_and_a_revoked_token_to_everyone(
    api_as, workspace, editor
):
    api = api_as(editor, workspace)
    created = api.post(
        reverse("api:plans", kwargs={"workspace": workspace.slug}),
        {"title": "2031", "period_start": "2031-01-01", "period_end": "2031-12-31"},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    approve = reverse("api:plan_approve", kwargs={"workspace": workspace.slug, "pk": pk})
    assert api.post(approve).status_code == 403
    submit = api.post(reverse("api:plan_submit", kwargs={"workspace": workspace.slug, "pk": pk}))
    assert submit.status_code == 400
    assert submit.json()["errors"]["non_field_errors"]
    ApiToken.objects.update(revoked_at=datetime.datetime.now(datetime.UTC))
    assert api.get(reverse("api:plans", kwargs={"workspace": workspace.slug})).status_code == 401


def test_an_id_beyond_any_column_is_a_field_error_not_a_server_error(api_as, workspace, editor):
    # Found by schemathesis: a filter on a 30-digit owner id reached the database, which
    # cannot hold it (SQLite cannot even bind it).
    api = api_as(editor, workspace)
    huge = 305768759702570681996337479680
    for name, field in (("api:accounts", "owner"), ("api:posts", "channel")):
        url = reverse(name, kwargs={"workspace": workspace.slug})
        response = api.get(url, {field: huge})
        assert response.status_code == 400, (name, response.content)
        assert field in response.json()["errors"]


def test_a_handover_step_confirmed_through_the_api_writes_the_account(api_as, workspace, reviewer):
    from accounts_registry import services
    from accounts_registry.models import HandoverStep
    from workspaces.models import CompanyDomain

    from ..factories import MembershipFactory

    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    leaver = MembershipFactory(workspace=workspace).user
    successor = MembershipFactory(workspace=workspace).user
    account = SocialAccountFactory(workspace=workspace, login_email="jan@gmail.com")
    account.business_owner = leaver
    account.save()
    handover = services.handover_start(
        workspace=workspace,
        by=reviewer,
        leaver=leaver,
        successor=successor,
        deadline=datetime.date.today() + datetime.timedelta(days=7),
    )
    step = handover.steps.get(kind=HandoverStep.Kind.MOVE_LOGIN)
    api = api_as(reviewer, workspace)
    url = reverse("api:handover_step_confirm", kwargs={"workspace": workspace.slug, "pk": step.pk})
    refused = api.post(url, {"login_email": "jan@hotmail.com"})
    assert refused.status_code == 400
    assert "login_email" in refused.json()["errors"]
    assert api.post(url, {"login_email": "social@vandijk.nl"}).status_code == 200
    account.refresh_from_db()
    assert account.login_email == "social@vandijk.nl"
