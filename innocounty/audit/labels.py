"""Display texts for audit action codes and the fields they mention (pretix logging.rst)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "plans.plan.created": _("载入方案"),
    "plans.plan.updated": _("更新方案"),
    "reporting.round.opened": _("开启填报轮次"),
    "reporting.round.closed": _("结束填报轮次"),
    "reporting.value.created": _("填写"),
    "reporting.value.changed": _("修改"),
    "reporting.value.submitted": _("报送"),
    "reporting.value.approved": _("审核通过"),
    "reporting.value.returned": _("退回"),
    "reporting.value.corrected": _("提出更正(新版本)"),
    "reporting.evidence.added": _("上传佐证材料"),
    "reporting.task_report.created": _("填写任务进展"),
    "reporting.task_report.changed": _("修改任务进展"),
    "reporting.task_report.submitted": _("报送任务进展"),
    "reporting.task_report.approved": _("任务进展审核通过"),
    "reporting.task_report.returned": _("退回任务进展"),
    "reporting.task_report.corrected": _("更正任务进展(新版本)"),
}

FIELD_LABELS = {
    "value": _("数值"),
    "numerator": _("分子"),
    "denominator": _("分母"),
    "source": _("数据来源"),
    "caliber": _("统计口径说明"),
    "is_final": _("年报(正式数)"),
    "note": _("备注"),
    "explanation": _("异常情况说明"),
    "progress": _("进展情况"),
    "percent": _("完成进度(%)"),
    "milestone": _("节点目标"),
    "problems": _("存在问题"),
    "next_steps": _("下一步计划"),
}

STATE_LABELS = {
    "draft": _("草稿"),
    "submitted": _("已报送"),
    "returned": _("已退回"),
    "approved": _("已审核"),
}
