from django.urls import reverse

from .factories import SocialAccountFactory


def test_changes_are_saved_and_shown_in_the_history(client, workspace, editor):
    account = SocialAccountFactory(workspace=workspace, two_factor="none")
    client.force_login(editor)
    data = {
        "platform": account.platform,
        "handle": account.handle,
        "login_email": account.login_email,
        "two_factor": "app",
        "status": "active",
    }
    url = reverse("registry:account_edit", kwargs={"workspace": workspace.slug, "pk": account.pk})
    client.post(url, data)
    account.refresh_from_db()
    assert account.two_factor == "app"
    detail = reverse(
        "registry:account_detail", kwargs={"workspace": workspace.slug, "pk": account.pk}
    )
    html = client.get(detail).content.decode()
    assert "<del>None</del> → <ins>Authenticator app</ins>" in html
    assert editor.display_name in html
