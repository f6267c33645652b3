"""The programme's hub: one place where every enrolled school's signed reports arrive, are checked
and shown. A separate Flask app (`create_hub_app`) with its own database; it shares the kit's code
for reading bundles (reports/bundlecheck.py), signing and suppression, nothing of the school's pages."""
from __future__ import annotations


def create_hub_app(config: dict | None = None):
    from .app import build

    return build(config)
