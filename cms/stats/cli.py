"""``flask stats …``: maintenance of the visitor statistics."""

import click
from flask.cli import AppGroup

from cms.stats import services
from cms.stats.demo import seed_demo_stats

stats_cli = AppGroup("stats", help="Visitor statistics: prune old visits, move Redis counts.")


@stats_cli.command("prune")
def prune_command():
    """Delete visit sessions older than a day (daily totals are kept)."""
    click.echo(f"Pruned {services.prune()} old visit sessions.")


@stats_cli.command("sync")
def sync_command():
    """Move day counters an older version left in Redis into the database (else a no-op)."""
    click.echo(f"Moved the counts of {services.sync()} days into the database.")


@stats_cli.command("show")
def show_command():
    """Print the four numbers of the sidebar."""
    numbers = services.visitor_numbers()
    if numbers is None:
        raise click.ClickException("Visitor statistics are off (STATS_ENABLED=0).")
    click.echo(
        f"online {numbers.online}  today {numbers.today}  "
        f"week {numbers.week}  all time {numbers.total}"
    )


@stats_cli.command("seed-demo")
def seed_demo_command():
    """Create believable daily totals for the last 400 days (days already present are kept)."""
    click.echo(f"Added {seed_demo_stats()} days of demo visitor statistics.")
