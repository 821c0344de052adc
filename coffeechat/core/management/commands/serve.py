from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply pending migrations, then serve Coffeechat with a production WSGI server."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1)."
        )
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")
        parser.add_argument(
            "--skip-migrate",
            action="store_true",
            help="Do not apply migrations (when a deploy step runs `coffeechat migrate` once).",
        )

    def handle(self, host: str, port: int, threads: int, skip_migrate: bool, **options) -> None:
        from waitress import serve

        from coffeechat.wsgi import application

        if not skip_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Coffeechat on http://{host}:{port}/  (data in {settings.DATA_DIR})")
        serve(application, host=host, port=port, threads=threads, ident="coffeechat")
