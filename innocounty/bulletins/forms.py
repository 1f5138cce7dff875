from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innocounty.bulletins.selectors import sections_for
from innocounty.core.periods import PeriodError, parse_period
from innocounty.i18n import translate
from innocounty.plans.models import Plan

SECTION_LABELS = {
    "intro": _("开头"),
    "overview": _("一、总体情况"),
    "indicators": _("二、指标完成情况"),
    "tasks": _("三、重点任务推进情况"),
    "reporting": _("四、填报情况"),
    "problems": _("五、存在问题和下一步工作"),
}
# A bulletin with the rectification section (a newer snapshot) numbers its sections so.
SECTION_LABELS_WITH_RECTIFICATION = {
    **SECTION_LABELS,
    "rectification": _("五、整改情况"),
    "problems": _("六、存在问题和下一步工作"),
}


def section_labels(snapshot: Mapping[str, object]) -> dict[str, Any]:
    return SECTION_LABELS_WITH_RECTIFICATION if "rectification" in snapshot else SECTION_LABELS


class BulletinCreateForm(forms.Form):
    plan = forms.ModelChoiceField(
        Plan.objects.all(), label=_("方案"), to_field_name="key", empty_label=None
    )
    period = forms.CharField(
        label=_("报告期"), max_length=10, help_text=_("如 2024、2025Q2、2025-06")
    )

    def __init__(self, *args: Any, plans: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # Chinese labels carry no colon suffix
        super().__init__(*args, **kwargs)
        if plans is not None:  # the plans the person may see (tenancy)
            self.fields["plan"].queryset = plans  # type: ignore[attr-defined]

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).ident
        except PeriodError as exc:
            raise forms.ValidationError(translate(exc.message)) from None


class BulletinEditForm(forms.Form):
    """Title, 文号 and one textarea per section; each line of a textarea is a paragraph."""

    title = forms.CharField(
        label=_("标题"), max_length=200, widget=forms.TextInput(attrs={"class": "doc-title-input"})
    )
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, snapshot: Mapping[str, object] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")  # Chinese labels carry no colon suffix
        super().__init__(*args, **kwargs)
        snapshot = {} if snapshot is None else snapshot
        self.section_keys = [key for key, _head in sections_for(snapshot)]
        labels = section_labels(snapshot)
        for key in self.section_keys:
            self.fields[key] = forms.CharField(
                label=labels[key],
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    @classmethod
    def for_bulletin(cls, bulletin: Any, data: Any = None) -> BulletinEditForm:
        initial = {
            "title": bulletin.title,
            "doc_number": bulletin.doc_number,
            "revision": bulletin.revision,
            **bulletin.paragraphs,
        }
        form = cls(data, initial=initial, snapshot=bulletin.snapshot)
        # Each box is as tall as its text (long lines wrap), so nothing hides behind a scroll bar.
        for key in form.section_keys:
            text = bulletin.paragraphs.get(key, "")
            lines = sum(1 + len(line) // 45 for line in text.splitlines())
            form.fields[key].widget.attrs["rows"] = max(3, lines + 1)
        return form

    def sections(self) -> list[Any]:
        return [self[key] for key in self.section_keys]
