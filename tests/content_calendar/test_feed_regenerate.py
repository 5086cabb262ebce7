from django.urls import reverse

from content_calendar import services


def url(workspace):
    return reverse("calendar:feed_regenerate", kwargs={"workspace": workspace.slug})


def settings_page(workspace):
    return reverse("calendar:settings", kwargs={"workspace": workspace.slug})


def test_asks_first_and_a_get_changes_nothing(client, workspace, admin_user):
    old = services.calendar_settings_for(workspace=workspace).feed_token
    client.force_login(admin_user)
    assert f'href="{url(workspace)}"' in client.get(settings_page(workspace)).content.decode()
    response = client.get(url(workspace))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The old address stops working at once" in html
    assert '<form method="post"' in html
    assert f'href="{settings_page(workspace)}"' in html  # Cancel
    assert services.calendar_settings_for(workspace=workspace).feed_token == old


def test_a_post_gives_a_new_address_and_ends_the_old_one(client, workspace, admin_user):
    old = services.calendar_settings_for(workspace=workspace).feed_token
    client.force_login(admin_user)
    response = client.post(url(workspace), follow=True)
    assert "the old one no longer works" in response.content.decode()
    assert services.calendar_settings_for(workspace=workspace).feed_token != old
    client.logout()
    assert client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 404


def test_only_an_admin_may_give_the_feed_a_new_address(client, workspace, editor, reviewer):
    old = services.calendar_settings_for(workspace=workspace).feed_token
    for member in (editor, reviewer):
        client.force_login(member)
        assert client.get(url(workspace)).status_code == 403
        assert client.post(url(workspace)).status_code == 403
        # They still see and can copy the address, but are not offered a new one.
        page = client.get(settings_page(workspace)).content.decode()
        assert old in page
        assert url(workspace) not in page
    assert services.calendar_settings_for(workspace=workspace).feed_token == old


def test_a_member_of_another_workspace_gets_404(client, workspace, outsider):
    client.force_login(outsider)
    assert client.get(url(workspace)).status_code == 404
    assert client.post(url(workspace)).status_code == 404
