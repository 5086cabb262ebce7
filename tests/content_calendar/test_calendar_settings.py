from django.urls import reverse

from content_calendar.models import CalendarSettings


def test_admin_sets_the_tolerance_and_editors_only_see_the_feed(
    client, workspace, admin_user, editor
):
    url = reverse("calendar:settings", kwargs={"workspace": workspace.slug})
    client.force_login(admin_user)
    client.post(url, {"mix_tolerance": 15})
    assert CalendarSettings.objects.get(workspace=workspace).mix_tolerance == 15
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert "/feeds/" in html
    assert 'name="mix_tolerance"' not in html
    client.post(url, {"mix_tolerance": 50})
    assert CalendarSettings.objects.get(workspace=workspace).mix_tolerance == 15


def test_the_feed_address_has_a_copy_button_in_both_languages(client, workspace, editor):
    url = reverse("calendar:settings", kwargs={"workspace": workspace.slug})
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert 'data-copy-target="feed-url"' in html
    assert "Copy the address" in html
    assert "press Ctrl+C" in html  # what the page says where the clipboard is not available
    assert "js/copy.js" in html
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Kopieer het adres" in dutch
    assert "Copy the address" not in dutch
