"""The portal application: create_app() builds it in a few named steps."""

from flask import Flask

from cms import config as config_module
from cms.admin import bp as admin_bp
from cms.admin import init_app as init_admin
from cms.auth import bp as auth_bp
from cms.backup import backup_cli
from cms.content import services as content_services
from cms.core import (
    database,
    errors,
    formatting,
    i18n,
    net,
    observability,
    security,
    staff_nav,
    unit_of_work,
    urls,
)
from cms.demo.cli import seed_demo
from cms.editor import bp as editor_bp
from cms.editor import init_app as init_editor
from cms.extensions import csrf, db, login_manager, migrate
from cms.feeds import bp as feeds_bp
from cms.media import bp as media_bp
from cms.media.cli import media_cli
from cms.polls import bp as polls_bp
from cms.polls import init_app as init_polls
from cms.public import bp as public_bp
from cms.public import template_globals
from cms.search import bp as search_bp
from cms.search import init_app as init_search
from cms.stats import bp as stats_bp
from cms.stats import init_app as init_stats
from cms.users import auth_loader
from cms.users.cli import users_cli


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, template helpers, CLI.

    Every request and every CLI command is one unit of work (cms/core/unit_of_work.py).
    """
    app = unit_of_work.UnitOfWorkFlask(
        __name__,
        instance_path=str(config_module.INSTANCE),
        template_folder="../templates",
        static_folder="../static",
    )
    _configure(app, test_config)
    _init_extensions(app)
    _register_blueprints(app)
    _register_templates(app)
    _register_cli(app)
    return app


def _configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(config_module.load(test_config))
    if not app.config["SECRET_KEY"] and app.config["APP_ENV"] != "production":
        app.config["SECRET_KEY"] = config_module.dev_secret_key()
    config_module.check(app.config)


def _init_extensions(app: Flask) -> None:
    urls.init_app(app)  # the id converter, before any blueprint adds its routes
    net.init_app(app)  # ProxyFix: client address, scheme and host (TRUSTED_PROXIES)
    db.init_app(app)
    observability.init_app(app)  # first: its hooks time and log everything the others do
    migrate.init_app(
        app, db, directory=str(config_module.ROOT / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    auth_loader.init_app(app)
    i18n.init_app(app)
    database.configure_engine(app)
    content_services.init_app(app)
    security.init_app(app)
    staff_nav.init_app(app)
    init_polls(app)
    init_search(app)
    init_admin(app)
    init_stats(app)
    init_editor(app)


def _register_blueprints(app: Flask) -> None:
    app.register_blueprint(public_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(polls_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(stats_bp)
    app.register_blueprint(editor_bp)


def _register_templates(app: Flask) -> None:
    formatting.register(app)
    template_globals.register(app)
    errors.register(app)


def _register_cli(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(users_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(media_cli)
    unit_of_work.wrap_commands(app.cli)  # last: every command, whichever step added it
