from django.urls import reverse


def test_names_the_three_categories_of_the_mix(client, workspace, editor):
    client.force_login(editor)
    html = client.get(reverse("calendar:index", kwargs={"workspace": workspace.slug})).content
    html = html.decode()
    for category in ("Promotional", "Curated", "Engagement"):
        assert category in html
    assert "No posts planned yet." in html
