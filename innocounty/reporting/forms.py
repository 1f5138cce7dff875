from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innocounty.core import periods
from innocounty.i18n import translate


class _Form(forms.Form):
    """Chinese labels carry no colon suffix."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RoundForm(_Form):
    period = forms.CharField(
        label=_("报告期"),
        max_length=10,
        help_text=_("年度如 2025，季度如 2025Q1，月度如 2025-03"),
    )
    deadline = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    include_tasks = forms.BooleanField(label=_("包含重点任务进展"), required=False, initial=True)

    def clean_period(self) -> str:
        try:
            return periods.parse_period(self.cleaned_data["period"].strip()).ident
        except periods.PeriodError as exc:
            raise forms.ValidationError(translate(exc.message)) from None


class ValueForm(_Form):
    """One indicator's entry; numbers stay text here and are checked by the service, which
    reports every problem at once in the same words as the Excel import."""

    value = forms.CharField(label=_("数值"), required=False, max_length=40)
    numerator = forms.CharField(label=_("分子"), required=False, max_length=40)
    denominator = forms.CharField(label=_("分母"), required=False, max_length=40)
    source = forms.CharField(label=_("数据来源"), required=False, max_length=200)
    caliber = forms.CharField(label=_("统计口径说明"), required=False, max_length=500)
    is_final = forms.TypedChoiceField(
        label=_("数据性质"),
        choices=[("0", _("快报")), ("1", _("年报（正式数）"))],
        coerce=lambda v: v == "1",
        required=False,
        empty_value=False,
    )
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    explanation = forms.CharField(
        label=_("异常情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(_Form):
    reason = forms.CharField(
        label=_("原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(_Form):
    file = forms.FileField(
        label=_("佐证材料"), help_text=_("PDF、JPG、PNG、XLSX、DOCX，不超过 20 MB")
    )


class TaskReportForm(_Form):
    progress = forms.CharField(
        label=_("进展情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    percent = forms.IntegerField(
        label=_("完成进度（%）"), required=False, min_value=0, max_value=100
    )
    milestone = forms.CharField(label=_("节点目标"), required=False, max_length=300)
    problems = forms.CharField(
        label=_("存在问题"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=_("下一步计划"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
