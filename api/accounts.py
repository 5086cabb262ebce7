"""The registry's accounts (never a secret: the services refuse one), their access grants and
their risks, through accounts_registry's services and selectors."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts_registry import selectors, services
from accounts_registry.models import AccessGrant, Platform, SocialAccount
from workspaces.selectors import get_for_workspace_or_404

from .base import WorkspaceAPIView
from .fields import ID_MAX, DateField, MemberField, UserOut

RISK_CODES = [risk.code for risk in selectors.RISKS]


class RiskOut(serializers.Serializer):
    code = serializers.ChoiceField(choices=RISK_CODES)
    label = serializers.CharField()
    reason = serializers.CharField()


class AccountOut(serializers.Serializer):
    id = serializers.IntegerField()
    platform = serializers.ChoiceField(choices=Platform.choices)
    handle = serializers.CharField()
    profile_url = serializers.CharField()
    purpose = serializers.CharField()
    business_owner = UserOut(allow_null=True)
    login_email = serializers.CharField()
    two_factor = serializers.ChoiceField(choices=SocialAccount.TwoFactor.choices)
    recovery_holder = serializers.CharField()
    vault_reference = serializers.CharField()
    password_changed_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=SocialAccount.Status.choices)
    notes = serializers.CharField()
    created_at = serializers.DateTimeField()
    risks = serializers.SerializerMethodField()

    @extend_schema_field(RiskOut(many=True))
    def get_risks(self, account):
        return [
            {"code": r.code, "label": str(r.label), "reason": str(r.reason)}
            for r in selectors.risks_of(account)
        ]


class AccountIn(serializers.Serializer):
    """What an account is made of; whether it is valid (and free of secrets) is the service's
    call."""

    platform = serializers.ChoiceField(choices=Platform.choices)
    handle = serializers.CharField(allow_blank=True, trim_whitespace=False)
    profile_url = serializers.CharField(required=False, allow_blank=True)
    purpose = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    business_owner = MemberField(required=False, allow_null=True)
    login_email = serializers.CharField(required=False, allow_blank=True)
    two_factor = serializers.ChoiceField(choices=SocialAccount.TwoFactor.choices, required=False)
    recovery_holder = serializers.CharField(required=False, allow_blank=True)
    vault_reference = serializers.CharField(required=False, allow_blank=True)
    password_changed_on = DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=SocialAccount.Status.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class AccountFilter(serializers.Serializer):
    platform = serializers.ChoiceField(choices=Platform.choices, required=False)
    owner = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    status = serializers.ChoiceField(choices=SocialAccount.Status.choices, required=False)
    risk = serializers.ChoiceField(choices=RISK_CODES, required=False)


def _account(request, pk: int) -> SocialAccount:
    """One account of the workspace, with its risks computed."""
    return get_for_workspace_or_404(
        selectors.accounts_with_risks(workspace=request.workspace),
        workspace=request.workspace,
        pk=pk,
    )


class AccountListCreate(WorkspaceAPIView):
    @extend_schema(
        operation_id="accounts_list", parameters=[AccountFilter], responses=AccountOut(many=True)
    )
    def get(self, request):
        filters = AccountFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        accounts = selectors.filter_accounts(
            selectors.accounts_with_risks(workspace=request.workspace), **filters.validated_data
        )
        return self.paginate(accounts, AccountOut)

    @extend_schema(operation_id="accounts_create", request=AccountIn, responses={201: AccountOut})
    def post(self, request):
        data = AccountIn(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        account = services.account_create(
            workspace=request.workspace, by=request.user, **data.validated_data
        )
        return Response(AccountOut(_account(request, account.pk)).data, status=201)


class AccountDetail(WorkspaceAPIView):
    @extend_schema(operation_id="accounts_read", responses=AccountOut)
    def get(self, request, pk: int):
        return Response(AccountOut(_account(request, pk)).data)

    @extend_schema(
        operation_id="accounts_update", request=AccountIn(partial=True), responses=AccountOut
    )
    def patch(self, request, pk: int):
        account = get_for_workspace_or_404(SocialAccount, workspace=request.workspace, pk=pk)
        data = AccountIn(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.account_update(account=account, by=request.user, **data.validated_data)
        return Response(AccountOut(_account(request, pk)).data)


# --- Access grants --------------------------------------------------------------------------


class GrantOut(serializers.Serializer):
    id = serializers.IntegerField()
    account = serializers.IntegerField(source="account_id")
    holder = serializers.CharField()
    member = UserOut(allow_null=True)
    outside_name = serializers.CharField()
    outside_email = serializers.CharField()
    level = serializers.ChoiceField(choices=AccessGrant.Level.choices)
    granted_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    is_active = serializers.BooleanField()


class GrantIn(serializers.Serializer):
    level = serializers.ChoiceField(choices=AccessGrant.Level.choices)
    member = MemberField(required=False, allow_null=True)
    outside_name = serializers.CharField(required=False, allow_blank=True)
    outside_email = serializers.CharField(required=False, allow_blank=True)


class GrantListCreate(WorkspaceAPIView):
    @extend_schema(operation_id="grants_list", responses=GrantOut(many=True))
    def get(self, request, pk: int):
        account = get_for_workspace_or_404(SocialAccount, workspace=request.workspace, pk=pk)
        return self.paginate(selectors.grants_of(account=account), GrantOut)

    @extend_schema(operation_id="grants_create", request=GrantIn, responses={201: GrantOut})
    def post(self, request, pk: int):
        account = get_for_workspace_or_404(SocialAccount, workspace=request.workspace, pk=pk)
        data = GrantIn(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        grant = services.grant_add(account=account, by=request.user, **data.validated_data)
        return Response(GrantOut(grant).data, status=status.HTTP_201_CREATED)


class GrantRevoke(WorkspaceAPIView):
    @extend_schema(operation_id="grants_revoke", request=None, responses=GrantOut)
    def post(self, request, pk: int):
        grant = get_for_workspace_or_404(
            AccessGrant.objects.select_related("account__workspace", "member"),
            workspace=request.workspace,
            via="account__workspace",
            pk=pk,
        )
        return Response(GrantOut(services.grant_revoke(grant=grant, by=request.user)).data)
