"""``flask users …``: manage staff accounts from the command line.

The commands go through the same services as the admin pages, so every change is audited
(the actor is ``cli:<system account>``) and each command is one unit of work: committed
once at its end, or nothing at all (cms/core/unit_of_work.py).
"""

import sys

import click
from flask.cli import AppGroup

from cms.users.models import ROLES
from cms.users.services import (
    AccountError,
    create_user,
    deactivate,
    ensure_admin,
    find_user,
    random_password,
    set_password,
)

users_cli = AppGroup("users", help="Manage staff accounts (reporters, editors, admins).")


def _read_password(from_stdin: bool) -> str:
    """Read a password from standard input or ask for it twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The account's role.")
@click.option("--full-name", default="", help="The person's name as shown in the staff area.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option(
    "--generate-password",
    is_flag=True,
    help="Generate a one-time password and print it; it must be changed at the first login.",
)
def create_command(username, role, full_name, password_stdin, generate_password):
    """Create a staff account USERNAME with a role."""
    if password_stdin and generate_password:
        raise click.UsageError("Use either --password-stdin or --generate-password.")
    password = random_password() if generate_password else _read_password(password_stdin)
    try:
        user = create_user(username, role, password, full_name, one_time=generate_password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role} account '{user.username}'.")
    if generate_password:
        click.echo(
            f"  one-time password: {password}\nIt is shown once and must be changed at the "
            "first login (/dang-nhap)."
        )


@users_cli.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(username, password_stdin):
    """Set a new password for USERNAME; the account's other sessions end."""
    user = find_user(username)
    if user is None:
        raise click.ClickException(f"No account named '{username}'.")
    try:
        set_password(user, _read_password(password_stdin))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Password changed for '{user.username}'.")


@users_cli.command("deactivate")
@click.argument("username")
def deactivate_command(username):
    """Deactivate USERNAME: it can no longer log in, and its sessions end."""
    user = find_user(username)
    if user is None:
        raise click.ClickException(f"No account named '{username}'.")
    deactivate(user)
    click.echo(f"Deactivated '{user.username}'.")


@users_cli.command("ensure-admin")
def ensure_admin_command():
    """Create the first 'admin' account, with a one-time password, if there is no account."""
    password = ensure_admin()
    if password is None:
        click.echo("Accounts exist already; no account created.")
        return
    bar = "=" * 64
    click.echo(
        f"{bar}\nCreated the administrator account.\n  user name: admin\n"
        f"  password:  {password}\nThis password is shown once: write it down and log in at "
        f"/dang-nhap, where you must replace it with your own.\n{bar}"
    )
