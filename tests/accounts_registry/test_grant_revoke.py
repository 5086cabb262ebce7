from django.urls import reverse

from .factories import AccessGrantFactory, SocialAccountFactory


def test_revokes_and_keeps_it_in_the_history(client, workspace, editor, reviewer):
    grant = AccessGrantFactory(account=SocialAccountFactory(workspace=workspace), member=reviewer)
    client.force_login(editor)
    response = client.post(
        reverse("registry:grant_revoke", kwargs={"workspace": workspace.slug, "pk": grant.pk}),
        follow=True,
    )
    html = response.content.decode()
    assert "is revoked" in html
    assert f"<del>{reviewer.display_name}</del>" in html
    grant.refresh_from_db()
    assert grant.revoked_by == editor
