"""Refusing anything that looks like a password or a recovery code: the registry records
where credentials are kept, never the credentials themselves."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# "password: …", "wachtwoord = …", "pw: …", "pin: …", "recovery code …"
_LABELLED = re.compile(
    r"\b(pass(word|wd)?|wachtwoord|ww|pw|pwd|pin|herstelcode|recovery[ -]?codes?|backup[ -]?codes?)"
    r"\s*[:=]\s*\S+",
    re.IGNORECASE,
)
# Recovery codes come in groups: "abcd-efgh-ijkl" or "1234 5678 9012"
_CODE_GROUPS = re.compile(
    r"\b(?=[a-z]*\d)[a-z0-9]{4,10}(?:[- ](?=[a-z]*\d)[a-z0-9]{4,10}){2,}\b", re.IGNORECASE
)
_URL = re.compile(r"https?://\S+")
# Password managers by name: "1Password: Marketing/LinkedIn" is exactly what the vault field is
# for, but "1Password:" alone has a digit, both cases and a symbol, like a generated password.
_VAULTS = re.compile(
    r"\b(1password|bitwarden|vaultwarden|lastpass|keepass(?:xc)?|dashlane|keeper|nordpass|"
    r"proton\s?pass|enpass|roboform|passbolt|psono|keychain)\b",
    re.IGNORECASE,
)


def _looks_generated(token: str) -> bool:
    """A long run of characters with digits, letters of both cases or symbols and no
    spaces: how a password looks, not how a vault path or a name looks."""
    if len(token) < 10 or "@" in token:
        return False
    # Hyphens, underscores and dots join words in slugs and file names; they don't count.
    kinds = sum(
        bool(re.search(pattern, token))
        for pattern in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9\-_.]")
    )
    return kinds >= 3 and bool(re.search(r"[0-9]", token))


def looks_like_a_secret(text: str) -> bool:
    if not text:
        return False
    text = _VAULTS.sub(" ", _URL.sub(" ", text))
    if _LABELLED.search(text):
        return True
    if any(c.isdigit() for c in text) and _CODE_GROUPS.search(text):
        return True
    return any(_looks_generated(token) for token in re.split("[\\s>\u203a/|,;]+", text))


def refuse_secrets(value: str) -> None:
    """Field validator."""
    if looks_like_a_secret(value):
        raise ValidationError(
            _(
                "This looks like a password or a recovery code. The registry never stores "
                "those: write where they are kept instead, e.g. “1Password > Marketing > X”."
            ),
            code="looks_like_secret",
        )
