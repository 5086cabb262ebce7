"""What every endpoint shares: the workspace door, errors as JSON, pagination.

The door is the same as the views' (workspaces.access.workspace_view): not logged in → 401,
not a member of the workspace in the address (or a token bound to another workspace) → 404,
a role below the endpoint's → 403. The rules beyond the door are the services' own: their
ValidationError becomes 400 with a message per field, their PermissionError 403.
"""

import zoneinfo

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from workspaces.models import Role
from workspaces.selectors import membership_for

from . import idempotency
from .models import ApiToken

NON_FIELD = "non_field_errors"


class Conflict(exceptions.APIException):
    """Someone else saved the same thing after the caller read it (409)."""

    status_code = 409
    default_code = "conflict"


class ErrorSerializer(serializers.Serializer):
    """Every error: what went wrong in words, and for 400 the messages per field."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"channels[0].owner": ["…"]}, like the services'."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = NON_FIELD if key in (NON_FIELD_ERRORS, NON_FIELD) else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(errors, list) and any(isinstance(e, dict | list) for e in errors):
        for index, value in enumerate(errors):
            if value:
                flat.update(_flatten(value, f"{prefix}[{index}]"))
    else:
        items = errors if isinstance(errors, list) else [errors]
        flat.setdefault(prefix or NON_FIELD, []).extend(str(e) for e in items)
    return flat


def _from_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return _flatten(exc.message_dict)
    return {NON_FIELD: list(exc.messages)}


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: map the services' exceptions, and give every error
    the same JSON shape: {"detail": "…", "errors": {"field": ["…"]}}."""
    errors = None
    if isinstance(exc, DjangoValidationError):
        errors = _from_django(exc)
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, PermissionError):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = errors or _flatten(exc.detail)
        detail = " ".join(errors[NON_FIELD]) if list(errors) == [NON_FIELD] else None
        response.data = {
            "detail": detail or _("Nothing was saved yet: please correct the fields marked."),
            "errors": errors,
        }
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        response.data = {"detail": str(detail or exc)}
    return response


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class _Replay(Exception):
    """Carries the kept answer of a repeated write out of `initial`, past the handler."""

    def __init__(self, response):
        super().__init__("idempotent replay")
        self.response = response


class WorkspaceAPIView(APIView):
    """An endpoint under /api/w/<workspace>/…: request.workspace and request.membership are
    set, the workspace's time zone is active, and the handler gets no `workspace` argument.

    `required_role` is the door, as in workspace_view(role); the services check again."""

    required_role: str = Role.EDITOR
    pagination_class = Pagination
    # Statuses this endpoint may answer with besides its success (for the schema).
    error_statuses: tuple[str, ...] = ("400", "401", "403", "404", "429")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication: anonymous → 401
        slug = self.workspace_slug
        if isinstance(request.auth, ApiToken) and request.auth.workspace.slug != slug:
            raise exceptions.NotFound()  # a token works in its own workspace only
        membership = membership_for(user=request.user, workspace_slug=slug)
        if membership is None:
            raise exceptions.NotFound()
        if not membership.has_role(self.required_role):
            raise exceptions.PermissionDenied()
        request.workspace = membership.workspace
        request.membership = membership
        # The caller's Accept-Language, else the language the person chose in their settings.
        if "HTTP_ACCEPT_LANGUAGE" not in request.META and request.user.language:
            translation.activate(request.user.language)
            request.LANGUAGE_CODE = request.user.language
        timezone.activate(zoneinfo.ZoneInfo(membership.workspace.time_zone))
        # A write sent again with the same Idempotency-Key is answered as the first time.
        claimed = idempotency.claim(request)
        if isinstance(claimed, Response):
            raise _Replay(claimed)
        self.idempotent_answer = claimed

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            return exc.response
        try:
            return super().handle_exception(exc)
        except Exception:
            # A crash: the key is given back, so the client's retry runs again.
            claimed = getattr(self, "idempotent_answer", None)
            if claimed is not None and not self.claimed_in_transaction:
                claimed.delete()
                self.idempotent_answer = None
            raise

    def finalize_response(self, request, response, *args, **kwargs):
        timezone.deactivate()
        response = super().finalize_response(request, response, *args, **kwargs)
        claimed = getattr(self, "idempotent_answer", None)
        if claimed is not None:
            self.idempotent_answer = None
            idempotency.keep(claimed, response)
        return response

    claimed_in_transaction = False

    def dispatch(self, request, *args, **kwargs):
        self.workspace_slug = kwargs.pop("workspace", "")
        if request.method in idempotency.WRITES and idempotency.HEADER in request.headers:
            # The claim, the write and the kept answer commit together: a database connection
            # lost halfway leaves neither a saved write nor a claim stuck "running" (which
            # would answer the client's retry with 409 for a day), so the retry runs afresh.
            # A crash rolls the claim back with the rest.
            self.claimed_in_transaction = True
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def paginate(self, queryset, serializer_class):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(
            serializer_class(page, many=True, context={"request": self.request}).data
        )
