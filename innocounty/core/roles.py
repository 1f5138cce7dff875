"""The roles a person may have: codes and labels, one table; pure, no Django.

A role is a Django group named by its code. Who may do what with a role lives in
`innocounty.plans.roles` and `innocounty.reporting.access`; this table only names the roles,
for the pages and for the audit log, which shows role changes without importing an app.
"""

from __future__ import annotations

from innocounty.core.messages import N_

OFFICE = "office"
REPORTER = "reporter"
LEADER = "leader"
ADMIN = "admin"
# The province's (or a city's) science and technology department: reads every county under its
# region side by side, issues province bulletins, never changes a county's data.
PROVINCE = "province"

ROLE_LABELS: dict[str, str] = {
    OFFICE: N_("领导小组办公室"),
    REPORTER: N_("填报员"),
    LEADER: N_("领导"),
    ADMIN: N_("系统管理员"),
    PROVINCE: N_("上级科技主管部门"),
}
