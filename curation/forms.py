from django import forms
from django.utils.translation import gettext_lazy as _

from content_calendar.selectors import plan_link_choices
from strategy_planner.forms import PlainSelect

from .models import Item, Source
from .opml import MAX_BYTES as OPML_MAX_BYTES


def _themes(workspace):
    return plan_link_choices(workspace=workspace)["theme"].select_related("plan")


class ThemeChoiceField(forms.ModelChoiceField):
    """A theme of an approved plan, named with its plan when there are several plans."""

    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.plan.title}"


class SourceAddForm(forms.Form):
    url = forms.URLField(
        label=_("Feed or site address"),
        max_length=2000,
        assume_scheme="https",
        help_text=_(
            "The address of an RSS, Atom or JSON feed, or of the site's page: its feed is found."
        ),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the feed's own title."),
    )
    theme = ThemeChoiceField(
        label=_("Content theme it feeds"), queryset=Source.objects.none(), required=False
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = _themes(workspace)


class SourceForm(forms.ModelForm):
    theme = ThemeChoiceField(
        label=_("Content theme it feeds"), queryset=Source.objects.none(), required=False
    )

    class Meta:
        model = Source
        fields = ["name", "theme", "active"]
        help_texts = {"active": _("Switched off, the source is not fetched; its items stay.")}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = _themes(workspace)


class OpmlImportForm(forms.Form):
    file = forms.FileField(
        label=_("OPML file"),
        help_text=_("The list of feeds a feed reader exports (.opml), at most 1 MB."),
    )
    theme = ThemeChoiceField(
        label=_("Content theme they feed"), queryset=Source.objects.none(), required=False
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = _themes(workspace)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > OPML_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too big for a list of feeds (at most 1 MB)."), code="too_big"
            )
        return upload


ALL = "all"


class InboxFilterForm(forms.Form):
    # By pk and name only: the options of 200 sources cost no model instances.
    source = forms.TypedChoiceField(
        label=_("Source"), coerce=int, empty_value=None, required=False, widget=PlainSelect
    )
    theme = forms.ChoiceField(label=_("Content theme"), required=False, widget=PlainSelect)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*Item.Status.choices, (ALL, _("All"))],
        required=False,
        widget=PlainSelect,
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def clean_status(self):
        """New items unless asked otherwise (a link "?source=3" shows what waits there)."""
        status = self.cleaned_data["status"] or Item.Status.NEW
        return "" if status == ALL else status

    def __init__(self, *args, sources: list[tuple[int, str]], theme_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("All")), *sources]
        self.fields["theme"].choices = [("", _("All")), *((n, n) for n in theme_names)]
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"
