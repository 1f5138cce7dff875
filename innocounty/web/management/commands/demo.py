from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from innocounty.core.planfile import PlanFileError, load_plan_file, shipped_plan_path
from innocounty.plans.demo import (
    DEMO_PASSWORD,
    demo_accounts_create,
    demo_province_accounts_create,
    demo_province_create,
)
from innocounty.plans.services import PlanLoadError, plan_load
from innocounty.reporting.demo import demo_reporting_create
from innocounty.reporting.demo_counties import demo_counties_create
from innocounty.supervision.demo import demo_supervision_create


class Command(BaseCommand):
    help = (
        "Prepare a demo: migrate, load the Qianjiang plan, create demo accounts and labelled "
        "demo values, then serve http://127.0.0.1:8000. With --counties N: a demo province "
        "of Qianjiang and N-1 generated counties, and the province account."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="prepare and exit")
        parser.add_argument(
            "--counties",
            type=int,
            default=None,
            metavar="N",
            help="a demo province: Qianjiang plus N-1 generated counties (N >= 1)",
        )

    def handle(self, *args, **options):
        counties = options["counties"]
        if counties is not None and counties < 1:
            raise CommandError("--counties 应为不小于 1 的整数。")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            data = load_plan_file(shipped_plan_path("qianjiang-2023"))
            result = plan_load(data=data)
        except (PlanFileError, PlanLoadError) as exc:
            raise CommandError(str(exc)) from None
        plan = result.plan
        accounts = demo_accounts_create(plan=plan)
        summary = demo_reporting_create(plan=plan, today=timezone.localdate())
        generated = None
        if counties is not None:
            province, county = demo_province_create(qianjiang=plan)
            accounts += demo_province_accounts_create(province=province, county=county)
            generated = demo_counties_create(province=province, counties=counties)
        demo_supervision_create(plan=plan, today=timezone.localdate())

        self.stdout.write(f"数据库：{settings.DATABASES['default']['NAME']}")
        self.stdout.write(f"方案：{plan.title}（{plan.doc_number}）")
        self.stdout.write(
            f"演示数据（已标注）：{summary.rounds} 个填报轮次、{summary.values} 个指标值、"
            f"{summary.task_reports} 份任务进展"
        )
        if generated is not None:
            self.stdout.write(
                f"演示省份：{generated.province}，{generated.plans} 个县（市）的方案："
                f"{plan.region}和 {generated.counties} 个生成的演示县（演示数据），"
                f"本次新建 {generated.created} 个，用时 {generated.seconds:.1f} 秒"
            )
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in accounts:
            suffix = f"  {account.unit}" if account.unit else ""
            self.stdout.write(f"  {account.username:<10} {account.role:<9}{suffix}")
        if options["no_serve"]:
            return
        address = f"127.0.0.1:{options['port']}"
        self.stdout.write(f"请在浏览器中打开 http://{address}/（按 Ctrl+C 停止）")
        call_command("runserver", address, use_reloader=False, use_threading=True)
