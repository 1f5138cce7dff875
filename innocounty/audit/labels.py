"""Display texts for audit action codes and the fields they mention (pretix logging.rst)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from innocounty.core import workflow
from innocounty.core.roles import ROLE_LABELS as CORE_ROLE_LABELS

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
    "reporting.value.corrected": _("提出更正（新版本）"),
    "reporting.evidence.added": _("上传佐证材料"),
    "reporting.task_report.created": _("填写任务进展"),
    "reporting.task_report.changed": _("修改任务进展"),
    "reporting.task_report.submitted": _("报送任务进展"),
    "reporting.task_report.approved": _("任务进展审核通过"),
    "reporting.task_report.returned": _("退回任务进展"),
    "reporting.task_report.corrected": _("更正任务进展（新版本）"),
}

FIELD_LABELS = {
    "value": _("数值"),
    "numerator": _("分子"),
    "denominator": _("分母"),
    "source": _("数据来源"),
    "caliber": _("统计口径说明"),
    "is_final": _("年报（正式数）"),
    "note": _("备注"),
    "explanation": _("异常情况说明"),
    "progress": _("进展情况"),
    "percent": _("完成进度（%）"),
    "milestone": _("节点目标"),
    "problems": _("存在问题"),
    "next_steps": _("下一步计划"),
}

STATE_LABELS = {str(state): _(label) for state, label in workflow.STATE_LABELS.items()}

# Role codes in entries about accounts (`role`, `roles`, `groups`).
ROLE_LABELS = {code: _(label) for code, label in CORE_ROLE_LABELS.items()}

# Logins, accounts and the other apps' codes (the audit log page shows these, never codes).
ACTION_LABELS.update(
    {
        "ops.login.succeeded": _("登录成功"),
        "ops.login.failed": _("登录失败"),
        "ops.login.locked": _("登录被锁定拒绝"),
        "accounts.logout": _("退出登录"),
        "accounts.user.created": _("创建账号"),
        "accounts.user.changed": _("修改人员信息"),
        "accounts.user.units_changed": _("调整所在单位"),
        "accounts.user.permissions_changed": _("调整角色权限"),
        "accounts.user.deactivated": _("停用账号"),
        "accounts.user.reactivated": _("启用账号"),
        "accounts.user.deleted": _("删除账号"),
        "accounts.password.reset": _("重置密码"),
        "accounts.password.changed": _("修改密码"),
        "accounts.lock.cleared": _("解除登录锁定"),
        "bulletins.bulletin.created": _("起草通报"),
        "bulletins.bulletin.edited": _("修改通报"),
        "bulletins.bulletin.issued": _("印发通报"),
        "reporting.values.imported": _("导入指标值"),
        "api.token.created": _("创建接口令牌"),
        "province.scoring.saved": _("修改评分方法"),
        "province.scoring.frozen": _("锁定评分方法"),
    }
)

FIELD_LABELS.update(
    {
        "username": _("用户名"),
        "real_name": _("姓名"),
        "phone": _("联系电话"),
        "role": _("角色"),
        "roles": _("角色"),
        "units": _("所在单位"),
        "address": _("客户端地址"),
        "minutes": _("锁定分钟数"),
        "kind": _("类型"),
        "failures": _("失败次数"),
        "changes": _("修改内容"),
        "state": _("状态"),
        "is_active": _("启用"),
        "is_staff": _("可进入管理后台"),
        "is_superuser": _("超级用户"),
        "groups": _("角色"),
        "first_name": _("名"),
        "last_name": _("姓"),
        "email": _("电子邮箱"),
        "key": _("方案编号"),
        "period": _("期别"),
        "title": _("标题"),
        "doc_number": _("文号"),
        "deadline": _("截止日期"),
        "replaced": _("替换原令牌"),
    }
)
