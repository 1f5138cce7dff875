"""`innocounty import-values FILE.xlsx --user NAME`: the web upload's rules, from the shell."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from innocounty.reporting.excel import ExcelImportError, import_workbook

NO_SUCH_USER = "找不到用户“{name}”"
NO_SUCH_FILE = "无法读取文件“{path}”：{reason}"
REFUSED = "导入失败：共 {count} 个问题，未写入任何数据"


class Command(BaseCommand):
    help = (
        "Import indicator values from a filled template or a full export (xlsx), all or "
        "nothing, as the given user."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--user", required=True, help="username the changes are made as")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not user.is_active:
            raise CommandError(NO_SUCH_USER.format(name=options["user"]))
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(NO_SUCH_FILE.format(path=path, reason=exc.strerror)) from None
        try:
            result = import_workbook(data=data, by=user, filename=path.name)
        except ExcelImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(REFUSED.format(count=len(exc.problems))) from None
        for warning in result.warnings:
            self.stdout.write(f"提示：{warning}")
        self.stdout.write(result.summary())
