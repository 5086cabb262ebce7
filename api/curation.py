"""Curation's sources and the inbox of their items, through curation's services and selectors.

A source is added by its feed's address or its site's, and refused with the fetch's reason; a
refusal of the services carries its code besides the words (`code`: "refused_address",
"planned", …), so that a script can act on it whatever the language of the words.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from content_calendar.selectors import plan_link_choices
from curation import selectors, services
from curation.forms import ALL
from curation.models import FetchError, Item, Source
from workspaces.selectors import get_for_workspace_or_404

from .base import ErrorSerializer, WorkspaceAPIView
from .fields import ID_MAX, StrictPrimaryKeyRelatedField


class RefusalOut(ErrorSerializer):
    """An error; when a service refused, also its code."""

    code = serializers.CharField(
        required=False,
        help_text="What the service refused, as a code: for a source the fetch's reason "
        '("not_a_feed", "refused_address", …), "no_feed" or "taken"; for an item "planned".',
    )


def _code(exc: ValidationError) -> str:
    """The first code of a service's refusal, "" when it has none."""
    if hasattr(exc, "error_dict"):
        errors = [error for field in exc.error_dict.values() for error in field]
    else:
        errors = exc.error_list
    return next((error.code for error in errors if error.code), "")


class CurationAPIView(WorkspaceAPIView):
    """A 400 from a service's ValidationError carries the error's code besides its words."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, ValidationError) and response.status_code == 400:
            code = _code(exc)
            if code:
                response.data["code"] = code
        return response


@extend_schema_field(OpenApiTypes.INT)
class ThemeField(StrictPrimaryKeyRelatedField):
    """A content theme of one of the workspace's approved plans, by id."""

    def get_queryset(self):
        return plan_link_choices(workspace=self.context["request"].workspace)["theme"]


# --- Sources ----------------------------------------------------------------------------------


class SourceOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    feed_url = serializers.CharField()
    site_url = serializers.CharField()
    theme = serializers.IntegerField(source="theme_id", allow_null=True)
    active = serializers.BooleanField(help_text="Fetched; switched off, its items stay.")
    owner = serializers.IntegerField(
        source="owner_id", allow_null=True, help_text="The user who added it."
    )
    fetched_at = serializers.DateTimeField(allow_null=True, help_text="The last good fetch.")
    error_code = serializers.ChoiceField(
        choices=FetchError.choices,
        allow_blank=True,
        help_text='Why the last fetch gave nothing; "" when it went well.',
    )
    error = serializers.SerializerMethodField(help_text='The same, in words; "" when none.')
    failures = serializers.IntegerField(help_text="Failed fetches in a row.")
    paused_at = serializers.DateTimeField(
        allow_null=True, help_text="Paused after too many failures; switched on again by PATCH."
    )
    new_items = serializers.IntegerField(help_text="Its items waiting in the inbox.")

    def get_error(self, source) -> str:
        if not source.error_code:
            return ""
        return services.error_message(source.error_code, source.error_detail)


class SourceIn(serializers.Serializer):
    url = serializers.URLField(
        max_length=2000,
        help_text="The address of an RSS, Atom or JSON feed, or of the site's page that names "
        "its feed.",
    )
    name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Left empty: the feed's title."
    )
    theme = ThemeField(required=False, allow_null=True)


class SourceUpdateIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    theme = ThemeField(allow_null=True)
    active = serializers.BooleanField(
        help_text="Switched on again, a paused source forgets its failures."
    )


class FetchOut(serializers.Serializer):
    added = serializers.IntegerField(help_text="The new items this fetch gave.")
    source = SourceOut()


def _source(request, pk: int) -> Source:
    return get_for_workspace_or_404(
        selectors.sources_of(workspace=request.workspace), workspace=request.workspace, pk=pk
    )


class SourceListCreate(CurationAPIView):
    @extend_schema(operation_id="curation_sources_list", responses=SourceOut(many=True))
    def get(self, request):
        return self.paginate(selectors.sources_of(workspace=request.workspace), SourceOut)

    @extend_schema(
        operation_id="curation_sources_create",
        request=SourceIn,
        responses={201: SourceOut, 400: RefusalOut},
    )
    def post(self, request):
        data = SourceIn(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        source = services.source_add(
            workspace=request.workspace,
            by=request.user,
            url=data.validated_data["url"],
            name=data.validated_data.get("name", ""),
            theme=data.validated_data.get("theme"),
        )
        return Response(SourceOut(_source(request, source.pk)).data, status=status.HTTP_201_CREATED)


class SourceDetail(CurationAPIView):
    """A source; removing it (with its items, not the posts planned from them) takes a
    reviewer: an editor is answered 403."""

    @extend_schema(operation_id="curation_sources_read", responses=SourceOut)
    def get(self, request, pk: int):
        return Response(SourceOut(_source(request, pk)).data)

    @extend_schema(
        operation_id="curation_sources_update",
        request=SourceUpdateIn(partial=True),
        responses={200: SourceOut, 400: RefusalOut},
    )
    def patch(self, request, pk: int):
        source = _source(request, pk)
        data = SourceUpdateIn(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        services.source_update(
            source=source,
            by=request.user,
            name=fields.get("name", source.name),
            theme=fields.get("theme", source.theme),
            active=fields.get("active", source.active),
        )
        return Response(SourceOut(_source(request, pk)).data)

    @extend_schema(operation_id="curation_sources_delete", responses={204: None})
    def delete(self, request, pk: int):
        services.source_remove(source=_source(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceFetch(CurationAPIView):
    """Fetch the source now, whatever its schedule (a paused one is switched on again); a
    failed fetch is no error here: the source says why in `error`."""

    @extend_schema(operation_id="curation_sources_fetch", request=None, responses=FetchOut)
    def post(self, request, pk: int):
        stored = services.source_fetch_now(source=_source(request, pk), by=request.user)
        return Response(FetchOut({"added": stored.added, "source": _source(request, pk)}).data)


# --- The inbox --------------------------------------------------------------------------------


class ItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.IntegerField(source="source_id")
    source_name = serializers.CharField(source="source.name")
    title = serializers.CharField()
    link = serializers.CharField()
    summary = serializers.CharField(help_text="Plain text.")
    published_at = serializers.DateTimeField(allow_null=True)
    status = serializers.ChoiceField(choices=Item.Status.choices)
    post = serializers.IntegerField(
        source="post_id", allow_null=True, help_text="The post planned from it."
    )


class ItemFilter(serializers.Serializer):
    source = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    theme = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="A theme's name: the sources added under last year's theme of that name too.",
    )
    status = serializers.ChoiceField(
        choices=[*Item.Status.choices, (ALL, _("All"))],
        default=Item.Status.NEW,
        help_text='"new" unless asked otherwise; "all" for every status.',
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words in the title or summary, case aside.",
    )


class ItemUpdateIn(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(s, s.label) for s in (Item.Status.DISMISSED, Item.Status.NEW)],
        help_text='"dismissed" puts the item aside, "new" brings it back; a planned item '
        'stays planned (400, code "planned").',
    )


def _item(request, pk: int) -> Item:
    return get_for_workspace_or_404(
        Item.objects.select_related("source__workspace", "post"),
        workspace=request.workspace,
        pk=pk,
        via="source__workspace",
    )


class ItemList(CurationAPIView):
    @extend_schema(
        operation_id="curation_items_list",
        parameters=[ItemFilter],
        responses=ItemOut(many=True),
    )
    def get(self, request):
        filters = ItemFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        criteria = filters.validated_data
        return self.paginate(
            selectors.inbox(
                workspace=request.workspace,
                source=criteria.get("source"),
                theme=criteria.get("theme", ""),
                status="" if criteria["status"] == ALL else criteria["status"],
                q=criteria.get("q", ""),
            ),
            ItemOut,
        )


class ItemDetail(CurationAPIView):
    @extend_schema(operation_id="curation_items_read", responses=ItemOut)
    def get(self, request, pk: int):
        return Response(ItemOut(_item(request, pk)).data)

    @extend_schema(
        operation_id="curation_items_update",
        request=ItemUpdateIn(partial=True),
        responses={200: ItemOut, 400: RefusalOut},
    )
    def patch(self, request, pk: int):
        item = _item(request, pk)
        data = ItemUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "status" in data.validated_data:
            services.item_dismiss(
                item=item, by=request.user, undo=data.validated_data["status"] == Item.Status.NEW
            )
        return Response(ItemOut(_item(request, pk)).data)
