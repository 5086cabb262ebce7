"""The API chooses a channel's audience and a measurement's sub-goal among the plan's own."""

from django.urls import reverse

from ..accounts_registry.factories import SocialAccountFactory
from ..strategy.test_plan_links import NOT_OUR_AUDIENCE, NOT_OUR_SUB_GOAL, plan_with_rows


def test_the_api_chooses_among_the_plans_own_audiences_and_names_them(api_as, workspace, editor):
    plan = plan_with_rows(workspace, editor)
    other = plan_with_rows(workspace, editor, title="Another plan")
    account = SocialAccountFactory(workspace=workspace)
    api = api_as(editor, workspace)
    url = reverse("api:plan_section_how", kwargs={"workspace": workspace.slug, "pk": plan.pk})

    def put(audience, sub_goal_pk):
        return api.put(
            url,
            {
                "revision": plan.revision_of("how"),
                "items": {
                    "channels": [{"account": account.pk, "audience": audience}],
                    "measurements": [{"kpi": "Applications", "sub_goal": sub_goal_pk}],
                },
            },
        )

    response = put(other.audiences.first().pk, other.sub_goals.get().pk)
    assert response.status_code == 400
    assert NOT_OUR_AUDIENCE in response.content.decode()
    assert NOT_OUR_SUB_GOAL in response.content.decode()
    assert not plan.channels.exists()

    students = plan.audiences.get(name="Students")
    response = put(students.pk, plan.sub_goals.get().pk)
    assert response.status_code == 200
    how = response.json()["sections"]["how"]
    assert how["channels"][0]["audience"] == "Students"
    assert how["measurements"][0]["sub_goal"] == "More applications"
    assert plan.channels.get().audience == students
