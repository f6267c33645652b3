"""`kit guide build`: the teacher guide as HTML files, and PDF where Chromium is installed."""
from pathlib import Path

import click

from ..cli_support import KitError, load_app


@click.group()
def guide():
    """The printable teacher guide."""


@guide.command("build")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the guide into.")
@click.option("--lang", type=click.Choice(["ar", "fr", "en"]), multiple=True,
              help="Languages (default: all three).")
@click.option("--module", "module_ids", multiple=True, help="Module ids (default: every module).")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also print a PDF when Chromium is found.")
def build(out_dir, lang, module_ids, pdf):
    """Write one guide per module and language (HTML, and PDF with Chromium)."""
    from flask_babel import force_locale

    from ..lessons import catalog
    from .service import find_chromium, html_to_pdf, inline_images, render_guide

    app = load_app()
    browser = find_chromium() if pdf else None
    out_dir.mkdir(parents=True, exist_ok=True)
    with app.test_request_context():
        modules = [m for m in catalog().modules if not module_ids or m.id in module_ids]
        if module_ids and len(modules) != len(set(module_ids)):
            raise KitError(f"unknown module: {', '.join(set(module_ids) - {m.id for m in modules})}")
        for module in modules:
            for code in lang or ("ar", "fr", "en"):
                with force_locale(code):
                    html = inline_images(render_guide(module, code))
                target = out_dir / f"guide-{module.id}.{code}.html"
                target.write_text(html, encoding="utf-8")
                click.echo(str(target))
                if browser:
                    html_to_pdf(target, target.with_suffix(".pdf"), browser)
                    click.echo(str(target.with_suffix(".pdf")))
    if pdf and not browser:
        click.echo("No Chromium found: HTML only (open it in a browser and print).", err=True)
