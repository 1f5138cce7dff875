"""`innocounty purge-audit`: delete audit entries older than the retention period (≥ 180 days)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from innocounty.audit.models import MIN_RETENTION_DAYS, LogEntry, purge_before


class Command(BaseCommand):
    help = "删除保存期以前的操作日志（保存期不少于 180 天）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="保存天数，默认取 AUDIT_RETENTION_DAYS，不得少于 180。",
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除。")

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < MIN_RETENTION_DAYS:
            raise CommandError(
                f"保存期 {days} 天少于等保要求的 {MIN_RETENTION_DAYS} 天，未删除任何记录。"
            )
        cutoff = timezone.now() - timedelta(days=days)
        old = LogEntry.objects.filter(created__lt=cutoff).count()
        if dry_run:
            self.stdout.write(f"{cutoff:%Y-%m-%d} 以前的操作日志共 {old} 条（未删除）。")
            return
        removed = purge_before(days=days)
        self.stdout.write(
            f"已删除 {cutoff:%Y-%m-%d} 以前的操作日志 {removed} 条，保存期 {days} 天。"
        )
