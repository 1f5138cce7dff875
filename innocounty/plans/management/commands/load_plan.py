from django.core.management.base import BaseCommand, CommandError

from innocounty.core.planfile import PlanFileError, load_plan_file
from innocounty.plans.roles import ensure_groups
from innocounty.plans.services import PlanLoadError, plan_load


class Command(BaseCommand):
    help = "Load a plan file (YAML) into the database, or update the plan it names in place."

    def add_arguments(self, parser):
        parser.add_argument("file", help="plan file, e.g. plans/qianjiang-2023.yaml")

    def handle(self, *args, **options):
        try:
            data = load_plan_file(options["file"])
        except PlanFileError as exc:
            raise CommandError(
                "方案文件有误：\n" + "\n".join(f"  - {p}" for p in exc.problems)
            ) from None
        try:
            result = plan_load(data=data)
        except PlanLoadError as exc:
            raise CommandError(
                "未写入任何数据：\n" + "\n".join(f"  - {p}" for p in exc.problems)
            ) from None
        # The role groups (office, reporter, leader, admin) are needed as soon as a plan is.
        ensure_groups()
        plan = result.plan
        if result.created:
            self.stdout.write(f"已载入方案 {plan.key}：{plan.title}")
        elif not result.changes:
            self.stdout.write(f"方案 {plan.key} 没有变化。")
        else:
            self.stdout.write(f"已更新方案 {plan.key}，{len(result.changes)} 处变化：")
            for change in result.changes:
                self.stdout.write(f"  - {change}")
