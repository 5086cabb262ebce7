from django.core.management import call_command

from notifications.models import Notification
from users.models import User
from workspaces.demo import DEMO_EMAIL, DEMO_PASSWORD
from workspaces.models import Membership, Workspace


def test_demo_workspace_is_complete_and_safe_to_create_twice(client, db):
    call_command("demo_workspace")
    counts = (
        Workspace.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Notification.objects.count(),
    )
    call_command("demo_workspace")
    assert counts == (
        Workspace.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Notification.objects.count(),
    )
    assert counts[:3] == (1, 4, 4)
    assert set(Membership.objects.values_list("role", flat=True)) == {"admin", "editor", "reviewer"}

    # The printed login works, and opens the demo workspace in English.
    response = client.post("/auth/login/", {"username": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    dashboard = client.get("/", follow=True)
    assert "Van Dijk Installatietechniek" in dashboard.content.decode()
    assert dashboard.context["LANGUAGE_CODE"] == "en"
