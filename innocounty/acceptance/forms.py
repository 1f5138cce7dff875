from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innocounty.acceptance.selectors import SECTIONS

SECTION_LABELS = {
    "basic": _("一、基本情况"),
    "indicators": _("二、目标和指标完成情况"),
    "tasks": _("三、重点任务完成情况"),
    "organisation": _("四、组织保障"),
    "overall": _("五、总体评价"),
    "problems": _("六、存在问题和下一步工作"),
}


class SelfEvaluationEditForm(forms.Form):
    """Title and one textarea per section; each line of a textarea is a paragraph."""

    title = forms.CharField(
        label=_("标题"), max_length=200, widget=forms.TextInput(attrs={"size": 60})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # Chinese labels carry no colon suffix
        super().__init__(*args, **kwargs)
        for key, _head in SECTIONS:
            self.fields[key] = forms.CharField(
                label=SECTION_LABELS[key],
                required=False,
                widget=forms.Textarea(attrs={"rows": 8, "class": "wide"}),
            )

    @classmethod
    def for_report(cls, report: Any, data: Any = None) -> SelfEvaluationEditForm:
        initial = {"title": report.title, "revision": report.revision, **report.paragraphs}
        return cls(data, initial=initial)

    def sections(self) -> list[Any]:
        return [self[key] for key, _head in SECTIONS]
