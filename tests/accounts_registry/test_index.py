from django.urls import reverse


def test_says_accounts_belong_to_company_addresses(client, workspace, editor):
    client.force_login(editor)
    html = client.get(reverse("registry:index", kwargs={"workspace": workspace.slug})).content
    assert "company-owned email address" in html.decode()
