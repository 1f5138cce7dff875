"""`innocounty create-token USERNAME`: print a new API token for that person."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from innocounty.api.services import token_create

NO_SUCH_USER = "找不到用户“{name}”"
INACTIVE_USER = "用户“{name}”已停用，不能创建接口令牌"


class Command(BaseCommand):
    help = (
        "Print a new API token for USERNAME (Authorization: Token <token>); an earlier token "
        "of that person stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        name = options["username"]
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise CommandError(NO_SUCH_USER.format(name=name))
        if not user.is_active:
            raise CommandError(INACTIVE_USER.format(name=name))
        self.stdout.write(token_create(user=user).key)
