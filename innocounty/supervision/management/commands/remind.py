from django.core.management.base import BaseCommand

from innocounty.supervision.reminders import remind


class Command(BaseCommand):
    help = (
        "Send the reminders due today (in-app, e-mail when EMAIL_HOST is set, webhook when "
        "NOTIFY_WEBHOOK_URL is set); --dry-run prints them and records nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        result = remind(dry_run=options["dry_run"], out=self.stdout.write)
        if options["dry_run"]:
            self.stdout.write(f"演练：{len(result.reminders)} 项提醒，未发送、未记录。")
        else:
            self.stdout.write(f"提醒完成：发送 {result.sent} 条，失败 {result.failed} 条。")
