"""``flask seed-demo`` (being written)."""

import click


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no article yet.")
def seed_demo(if_empty):
    """Load the demo portal content (idempotent)."""
    raise click.ClickException("not written yet")
