"""`Authorization: Bearer <token>`: a personal API token, bound to one workspace."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .selectors import api_token_for
from .services import api_token_touch
from .throttling import BadTokenThrottle


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # no token: another way in (the browser's session) may apply
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The API token is missing or malformed."))
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(
                _("The API token is missing or malformed.")
            ) from None
        guesses = BadTokenThrottle()
        guesses.check(request)  # an address that guessed too often is not even looked up
        token = api_token_for(raw=raw)
        if token is None:
            guesses.record_failure(request)
            raise exceptions.AuthenticationFailed(_("This API token is unknown or revoked."))
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'
