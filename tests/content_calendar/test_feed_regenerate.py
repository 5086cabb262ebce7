from django.urls import reverse

from content_calendar import services


def url(workspace):
    return reverse("calendar:feed_regenerate", kwargs={"workspace": workspace.slug})


def test_asks_first_and_a_get_changes_nothing(client, workspace, editor):
    old = services.calendar_settings_for(workspace=workspace).feed_token
    client.force_login(editor)
    settings_page = reverse("calendar:settings", kwargs={"workspace": workspace.slug})
    assert f'href="{url(workspace)}"' in client.get(settings_page).content.decode()
    response = client.get(url(workspace))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The old address stops working at once" in html
    assert '<form method="post"' in html
    assert f'href="{settings_page}"' in html  # Cancel
    assert services.calendar_settings_for(workspace=workspace).feed_token == old


def test_a_post_gives_a_new_address_and_ends_the_old_one(client, workspace, editor):
    old = services.calendar_settings_for(workspace=workspace).feed_token
    client.force_login(editor)
    response = client.post(url(workspace), follow=True)
    assert "the old one no longer works" in response.content.decode()
    assert services.calendar_settings_for(workspace=workspace).feed_token != old
    client.logout()
    assert client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 404
