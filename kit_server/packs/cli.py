"""`kit pack ...`: make keys, build, trust, install, list, roll back and remove content packs."""
from __future__ import annotations

from pathlib import Path

import click

from kit_server.cli_support import KitError
from kit_server.manage.settings import reserve_bytes

from .errors import PackError


def _config() -> dict:
    from kit_server.config import ConfigError, build_config

    try:
        return build_config()
    except ConfigError as error:
        raise KitError(str(error)) from None


@click.group("pack")
def pack_group():
    """Content packs: signed zips of lessons and notebooks that travel on a USB stick."""


@pack_group.command("keygen")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def keygen(out: Path):
    """Make a programme key pair: OUT (private, keep it secret) and OUT.pub (give it to schools)."""
    from .signing import generate_keypair

    try:
        private, public = generate_keypair(out)
    except PackError as error:
        raise KitError(str(error)) from None
    click.echo(f"Private key: {private} (keep it secret; it signs packs)")
    click.echo(f"Public key:  {public} (schools trust it with `kit pack trust`)")


@pack_group.command("build")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--sign-with", "key", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The programme's private key (from `kit pack keygen`).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The pack file to write.")
def build(folder: Path, key: Path, out: Path):
    """Check the lessons in FOLDER, then sign and zip them into a pack."""
    from .build import build_pack, collect_files

    try:
        count = len(collect_files(folder))
        with click.progressbar(length=count, label="Packing") as bar:
            manifest = build_pack(folder, key, out, builtin_notebooks=Path(_config()["NOTEBOOKS_DIR"]),
                                  progress=bar.update)
    except PackError as error:
        raise KitError(str(error)) from None
    click.echo(f"Built {out}: {manifest.id} {manifest.version}, {len(manifest.files)} files.")


@pack_group.command("trust")
@click.argument("pubkey", type=click.Path(dir_okay=False, path_type=Path))
def trust(pubkey: Path):
    """Trust packs signed by the programme key PUBKEY."""
    from .signing import trust_key

    try:
        name = trust_key(Path(_config()["KIT_HOME"]), pubkey)
    except PackError as error:
        raise KitError(str(error)) from None
    click.echo(f"Trusted key {name}.")


@pack_group.command("install")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def install(file: Path):
    """Verify FILE (signature, every file, every lesson) and install it, all or nothing."""
    from .install import install_pack

    config = _config()
    bar = None

    def start(manifest):
        nonlocal bar
        bar = click.progressbar(length=sum(f.size for f in manifest.files), label="Installing")
        bar.__enter__()

    try:
        pack = install_pack(Path(config["KIT_HOME"]), file, builtin_notebooks=Path(config["NOTEBOOKS_DIR"]),
                            min_free_bytes=reserve_bytes(config), on_manifest=start,
                            progress=lambda n: bar.update(n))
    except PackError as error:
        raise KitError(f"pack refused, nothing changed: {error}") from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    previous = f" (previous: {pack.previous})" if pack.previous else ""
    click.echo(f"Installed {pack.id} {pack.version}{previous}. Restart `kit serve` to show its lessons.")


@pack_group.command("list")
def list_command():
    """List installed packs and their versions."""
    from .install import list_packs

    packs = list_packs(Path(_config()["KIT_HOME"]))
    if not packs:
        click.echo("No content packs installed.")
    for pack in packs:
        previous = f"  (can roll back to {pack.previous})" if pack.previous else ""
        click.echo(f"{pack.id:30} {pack.version:10} {','.join(pack.languages):10}{previous}")


@pack_group.command("rollback")
@click.argument("pack_id")
def rollback(pack_id: str):
    """Go back to the previous version of pack PACK_ID."""
    from .install import rollback_pack

    try:
        old, new = rollback_pack(Path(_config()["KIT_HOME"]), pack_id)
    except PackError as error:
        raise KitError(str(error)) from None
    click.echo(f"{pack_id}: back from {old} to {new}. Restart `kit serve` to show it.")


@pack_group.command("remove")
@click.argument("pack_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def remove(pack_id: str, yes: bool):
    """Remove every version of pack PACK_ID (students' progress is kept)."""
    from .install import remove_pack

    if not yes and not click.confirm(f"Remove the pack {pack_id}?", default=False):
        raise KitError("nothing was removed")
    try:
        remove_pack(Path(_config()["KIT_HOME"]), pack_id)
    except PackError as error:
        raise KitError(str(error)) from None
    click.echo(f"Removed {pack_id}.")
