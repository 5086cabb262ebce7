from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"


def _entries(catalogue) -> dict:
    return {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in catalogue
        if e.msgid
    }


def test_every_message_has_a_dutch_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"Translate into Dutch: {untranslated}"
    assert not fuzzy, f"Check these Dutch translations and remove 'fuzzy': {fuzzy}"


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    assert _entries(mo) == _entries(po), "Run `python manage.py compilemessages`."


# Messages that read the same in Dutch: names, loanwords Dutch uses as they are, and
# placeholders. Anything else with a Dutch msgstr equal to its English msgid is English left
# in the Dutch interface.
SAME_IN_DUTCH = {
    "Platform", "platform", "Status", "status", "Deadline", "deadline", "Deadline %(date)s",
    "X (Twitter)", "Facebook", "Instagram", "YouTube", "TikTok", "Pinterest", "Threads",
    "Bluesky", "Mastodon", "Viva Engage (Yammer)", "Blog", "API", "KPI", "link", "account",
    "Account", "Accounts", "Inbox", "Open:", "Parameter", "In", "Type", "Week", "Plan",
    "Mix per week", "%(post)s: %(status)s.", "Strategy Planner · %(workspace)s",
    "plan", "Mix", "ROI", "ROI %", "%(value)s %%", "%(amount)s per %(unit)s",
    "%(post)s: %(problem)s", "evergreen",
}  # fmt: skip


def test_no_english_is_left_in_the_dutch_catalogue():
    po = polib.pofile(str(LOCALE / "django.po"))
    left = [e.msgid for e in po if e.msgstr == e.msgid and e.msgid not in SAME_IN_DUTCH]
    assert not left, f"These Dutch translations are still English: {left}"
    words = ["bulk composer", "thought leadership"]
    english = [
        e.msgstr
        for e in po
        for w in words
        if w in e.msgstr.casefold() and "(" + w not in e.msgstr.casefold()
    ]
    assert not english, f"English words in Dutch translations: {english}"
