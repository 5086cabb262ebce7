"""How drf-spectacular describes the API: the Bearer token, and every error response."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (My settings), bound to one workspace.",
        }


class ApiSchema(AutoSchema):
    """Document the errors each endpoint may answer with, all in ErrorSerializer's shape."""

    def _get_response_bodies(self, direction="response"):
        from .base import ErrorSerializer

        responses = super()._get_response_bodies(direction)
        for status in getattr(self.view, "error_statuses", ()):
            responses.setdefault(
                status, self._get_response_for_code(ErrorSerializer, status, direction=direction)
            )
        return responses
