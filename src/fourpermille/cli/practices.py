"""``fourpermille practices list|show``: browse the good-practice database."""

from __future__ import annotations

import typer

from fourpermille.cli.main import app

practices_app = typer.Typer(
    help="The 4 per 1000 good-practice database (list, search, show).", no_args_is_help=True
)
app.add_typer(practices_app, name="practices")


@practices_app.command("list")
def list_command(
    land_use: str | None = typer.Option(None, "--land-use", help="IPCC land use, e.g. long_term_cultivated."),
    climate: str | None = typer.Option(None, "--climate", help="IPCC climate zone, e.g. W1."),
    text: str | None = typer.Option(None, "--text", help="Words that must all appear."),
    category: str | None = typer.Option(None, "--category", help="Practice category."),
) -> None:
    """List the practices that apply to a land use and climate, or match a text."""
    from rich.console import Console
    from rich.table import Table

    from fourpermille import practices as practices_db

    db = practices_db.load()
    found = db.search(land_use=land_use, climate=climate, text=text, category=category)
    table = Table(title=f"{db.title} (version {db.version}): {len(found)} practices")
    for column in ("id", "name", "category", "Tier 1 effect", "sequestration t C/ha/yr"):
        table.add_column(column)
    for practice in found:
        effect = (
            ", ".join(
                f"{k}={v}"
                for k, v in (practice.ipcc or {}).items()
                if k in ("land_use", "management", "input")
            )
            or "-"
        )
        rates = "; ".join(_ranged(s) for s in practice.sequestration) or "-"
        table.add_row(practice.id, practice.name, practice.category, effect, rates)
    Console(width=160).print(table)


@practices_app.command("show")
def show_command(practice_id: str = typer.Argument(..., help="Practice id (see `practices list`).")) -> None:
    """Everything the database holds on one practice, with its references."""
    from rich.console import Console

    from fourpermille import practices as practices_db

    db = practices_db.load()
    practice = db.get(practice_id)
    console = Console(width=120)
    console.print(f"[bold]{practice.name}[/bold] ({practice.id}, {practice.category})")

    def say(text):
        console.print(text, markup=False, highlight=False)

    say(practice.description)
    say(f"land uses: {', '.join(practice.land_uses)}; climates: {', '.join(practice.climates)}")
    if practice.ipcc:
        say(f"IPCC Tier 1: {practice.ipcc}")
    else:
        say(f"IPCC Tier 1: none ({practice.extra.get('ipcc_note', '')})")
    extra = practice.rothc_extra_input
    say(
        "RothC extra input: "
        + (
            _ranged(extra) + " t C/ha/yr"
            if extra
            else f"none published ({practice.extra.get('rothc_note', '')})"
        )
    )
    if practice.estimate_effects:
        say(f"estimate: {', '.join(practice.estimate_effects)}: {practice.estimate_note}")
    else:
        say(f"estimate: left out: {practice.not_estimated}")
    for item in practice.sequestration:
        say(f"sequestration: {_ranged(item)} t C/ha/yr [{item['reference']}]")
    for item in practice.extra.get("relative_change_pct", []):
        say(f"relative change: {_ranged(item)} % [{item['reference']}]")
    for item in practice.co_benefits:
        say(f"+ {item['text']} [{item['reference']}]")
    for item in practice.trade_offs:
        say(f"- {item['text']} [{item['reference']}]")
    for key in practice.references():
        ref = db.references[key]
        doi = f" https://doi.org/{ref['doi']}" if ref.get("doi") else f" {ref.get('url', '')}"
        say(f"[{key}] {ref['citation']}{doi}")


def _ranged(item) -> str:
    value = item.get("value")
    low, high = item.get("low"), item.get("high")
    text = f"{value:g}" if value is not None else ""
    if low is not None and high is not None:
        text += f" ({low:g} to {high:g})" if text else f"{low:g} to {high:g}"
    return text
