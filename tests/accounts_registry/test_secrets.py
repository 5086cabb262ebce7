import pytest

from accounts_registry.secrets import looks_like_a_secret


@pytest.mark.parametrize(
    "text",
    [
        "password: hunter2",
        "Wachtwoord = Zomer2024",
        "pw:abc",
        "pin: 1234",
        "recovery codes: 1a2b3c4d 5e6f7g8h",
        "a1b2-c3d4-e5f6-g7h8",
        "8431 2291 7734 0012",
        "Welkom2024!Ab",
        "X7#kq9LmP2vz",
        # A password manager named first does not make what follows a path.
        "1Password: s3cr3tPassw0rd!",
        "Bitwarden password: Zomer2024",
    ],
)
def test_refuses_what_looks_like_a_password_or_recovery_code(text):
    assert looks_like_a_secret(text)


@pytest.mark.parametrize(
    "text",
    [
        "1Password > Marketing > X",
        "Bitwarden \u203a Social \u203a Instagram",
        "Tim Visser",
        "the marketing phone (iPhone 13)",
        "https://www.linkedin.com/company/van-dijk-1978",
        "06 1234 5678",
        "Werving van monteurs voor 2026",
        "social@vandijk-installatie.nl",
        "",
        # Vault paths as the common password managers write them.
        "1Password: Marketing/LinkedIn",
        "1Password://Marketing/LinkedIn",
        "op://Marketing/LinkedIn/password",
        "Bitwarden: Social/Instagram",
        "LastPass > Shared-Marketing > Facebook",
        "KeePassXC: Social.kdbx / LinkedIn",
        "Dashlane - Marketing - TikTok",
        "Keeper: Marketing/X (Twitter)",
        "Proton Pass: Social/YouTube",
    ],
)
def test_allows_vault_references_names_and_ordinary_text(text):
    assert not looks_like_a_secret(text)
