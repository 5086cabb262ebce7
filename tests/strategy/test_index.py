from django.urls import reverse


def test_explains_the_order_and_has_a_friendly_empty_state(client, workspace, editor):
    client.force_login(editor)
    html = client.get(reverse("strategy:index", kwargs={"workspace": workspace.slug})).content
    html = html.decode()
    for step in ("Why", "Who", "What", "How"):
        assert f"<strong>{step}</strong>" in html
    assert "No strategy plans in this workspace yet." in html
