"""``flask seed-demo``: load the demo portal content (idempotent)."""

import click
from flask.cli import with_appcontext

from cms.demo.services import has_articles, load_demo, media_folder, step_count
from cms.polls.demo import seed_demo_poll
from cms.stats.demo import seed_demo_stats


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no article yet.")
@with_appcontext
def seed_demo(if_empty):
    """Load the demo portal content (idempotent)."""
    if if_empty and has_articles():
        click.echo("Articles exist already; demo content not loaded.")
        return
    with click.progressbar(length=step_count(), label="Loading demo content") as bar:
        counts = load_demo(progress=lambda _step: bar.update(1))
    click.echo(
        f"Created {counts['images']} images (in {media_folder()}), "
        f"{counts['categories']} categories, {counts['articles']} articles; "
        f"filled {counts['settings_fields']} settings fields."
    )
    poll = seed_demo_poll()
    click.echo("Created the demo polls." if poll else "Polls exist already; no poll created.")
    days = seed_demo_stats()
    click.echo(f"Added visitor statistics for {days} days.")
    if not any(counts.values()) and not poll and not days:
        click.echo("Nothing new: the demo content was already there.")
