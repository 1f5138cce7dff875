import json

from django.core.management.base import BaseCommand, CommandError

from innocounty.core.planfile import dumps_plan
from innocounty.plans.services import plan_export, plan_get


class Command(BaseCommand):
    help = "Print a loaded plan as JSON (the parse contract of DESIGN.md) or as a plan file."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="plan key or id (needed when several are loaded)")
        parser.add_argument("--json", action="store_true", help="print JSON instead of YAML")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, **options):
        try:
            plan = plan_get(key=options["plan"])
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        data = plan_export(plan=plan)
        if options["json"]:
            text = json.dumps(data.to_contract(), ensure_ascii=False, indent=2) + "\n"
        else:
            text = dumps_plan(data)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(text)
        else:
            self.stdout.write(text, ending="")
