"""A changed password ends the person's API tokens: whoever learnt the old password may have
made one."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.models import ApiToken
from api.services import api_token_create

from ..factories import PASSWORD, MembershipFactory


def test_changing_the_password_revokes_the_api_tokens(client, workspace, editor):
    api_token_create(user=editor, workspace=workspace, name="sync")
    other = MembershipFactory(workspace=workspace).user
    api_token_create(user=other, workspace=workspace, name="theirs")
    client.force_login(editor)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-2027",
            "new_password2": "a-new-long-password-2027",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Any API tokens you had are revoked" in response.content.decode()
    assert not ApiToken.objects.filter(user=editor, revoked_at__isnull=True).exists()
    assert ApiToken.objects.filter(user=other, revoked_at__isnull=True).exists()


def test_a_password_reset_revokes_them_too(client, workspace, editor):
    api_token_create(user=editor, workspace=workspace, name="sync")
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    url = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    form_url = client.get(url).url  # Django moves the token into the session first
    client.post(
        form_url,
        {"new_password1": "a-new-long-password-2027", "new_password2": "a-new-long-password-2027"},
    )
    assert not ApiToken.objects.filter(user=editor, revoked_at__isnull=True).exists()
