"""Journeys: whole tasks done in a real browser, the way a person does them.

Each journey starts the live test server (pytest-django's ``live_server``, on the test
database), logs each person in through the login page and clicks, types and reads by label,
role and text:

- ``test_plan_journey.py``: an editor fills a plan, a reviewer asks for changes, the editor
  fixes them, the reviewer approves; the version and its diff. Again in Dutch, from the
  language switcher on.
- ``test_calendar_journey.py``: a week of posts on two channels, the balance's warnings
  and their fix, the hashtag check, the Hootsuite export.
- ``test_handover_journey.py``: a handover confirmed by the right people, the report, and a
  leaver who reaches nothing.
- ``test_reminders_journey.py``: a post due soon becomes a notification in the inbox badge.

On every main screen a journey checks what a person relies on (``Journey.look`` in
``conftest.py``): every form field has a label, axe-core (``vendor/axe.min.js``, 4.14.1 from
the npm registry) finds no serious or critical violation at 1280 px and at 390 px, and the
page body does not scroll sideways on a phone. It saves a full-page screenshot at both widths
in ``tests/journeys/screenshots/<journey>/`` (ignored by git; ``JOURNEY_SCREENSHOTS`` moves
it), and ``axe-report.json`` there lists every violation found, by page and impact.

The browser is Debian's chromium (``apt-get install chromium``), never a downloaded one;
without ``/usr/bin/chromium`` (or ``JOURNEY_CHROMIUM``) the journeys are skipped and say why.
They are marked ``journey``: ``pytest -m journey`` runs only them, ``-m "not journey"`` skips
them. All five take about 75 to 95 seconds (SQLite or PostgreSQL, two cores);
``pytest --durations=0 tests/journeys`` shows each one's time.

Keyboard: journey 1 logs in and fills the first worksheet step with the keyboard alone (the
skip link first, every field reached by Tab with a visible focus ring, Enter to save), and
journey 4 opens the phone's collapsed menu and the person's menu with Enter and the arrows.
"""
