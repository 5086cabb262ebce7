from django.urls import reverse

from accounts_registry.models import SocialAccount


def url(workspace):
    return reverse("registry:account_create", kwargs={"workspace": workspace.slug})


def test_registers_an_account(client, workspace, editor):
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {
            "platform": "linkedin_page",
            "handle": "van-dijk",
            "profile_url": "linkedin.com/company/van-dijk",
            "login_email": "social@vandijk.nl",
            "two_factor": "app",
            "vault_reference": "1Password > Marketing > LinkedIn",
            "status": "active",
            "business_owner": editor.pk,
        },
    )
    account = SocialAccount.objects.get()
    assert response.url.endswith(f"/accounts/{account.pk}/")
    assert account.profile_url == "https://linkedin.com/company/van-dijk"


def test_a_password_is_refused_and_the_rest_kept(client, workspace, editor):
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {
            "platform": "x",
            "handle": "@vandijk",
            "vault_reference": "wachtwoord: Zomer2024!",
            "two_factor": "none",
            "status": "active",
        },
    )
    html = response.content.decode()
    assert "looks like a password or a recovery code" in html
    assert 'value="@vandijk"' in html
    assert not SocialAccount.objects.exists()
