from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innocounty.core.parser import DEFAULT_MAX_BYTES


class PlanDocumentForm(forms.Form):
    document = forms.FileField(
        label=_("方案文件"),
        help_text=_(
            "实施方案原文：.txt（UTF-8 或 GB18030）、.docx、.doc、WPS 文字（.wps）或文字版 PDF，"
            "不超过 20 MB"
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > DEFAULT_MAX_BYTES:
            raise forms.ValidationError(_("文件过大（超过 20 MB）"))
        suffix = document.name.rsplit(".", 1)[-1].lower() if "." in document.name else ""
        if suffix not in ("txt", "docx", "doc", "wps", "pdf"):
            raise forms.ValidationError(_("只接受 .txt、.docx、.doc、.wps 或 .pdf 文件"))
        return document


class PlanConfirmForm(forms.Form):
    plan_yaml = forms.CharField(
        label=_("方案数据（可修改）"), widget=forms.Textarea(attrs={"rows": 30})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PlanAmendForm(forms.Form):
    """What the office adds to a partial plan on the import page (a task, or a target)."""

    program_title = forms.CharField(label=_("所属工程"), required=False, max_length=100)
    task_title = forms.CharField(label=_("任务名称"), required=False, max_length=200)
    lead_units = forms.CharField(label=_("牵头单位"), required=False, max_length=500)
    responsible_units = forms.CharField(label=_("责任单位"), required=False, max_length=500)
    indicator = forms.CharField(label=_("指标名称或代码"), required=False, max_length=200)
    indicator_unit = forms.CharField(label=_("计量单位"), required=False, max_length=20)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1990, max_value=2100)
    value = forms.CharField(label=_("目标值"), required=False, max_length=30)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ScoringForm(forms.Form):
    """The office's weights for the unit ranking (the ``carried`` method)."""

    lead_task = forms.DecimalField(
        label=_("牵头任务权重"), min_value=0, max_value=20, decimal_places=2
    )
    responsible_task = forms.DecimalField(
        label=_("参与任务权重"), min_value=0, max_value=20, decimal_places=2
    )
    indicator_item = forms.DecimalField(
        label=_("指标权重"), min_value=0, max_value=20, decimal_places=2
    )
    credibility = forms.DecimalField(
        label=_("可信度常数 k"), min_value=0, max_value=100, decimal_places=2
    )
    timeliness_share = forms.DecimalField(
        label=_("报送及时率占比"), min_value=0, max_value=1, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
