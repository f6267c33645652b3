"""The registry's record of one demo: its id and its settings (light: no heavy library)."""
from __future__ import annotations

from dataclasses import dataclass

from .params import DemoParams

__all__ = ["DemoParams", "DemoSpec"]


@dataclass(frozen=True)
class DemoSpec:
    """One demo as the web process sees it. Its compute and figure functions live in
    kit_server/demos/<id>.py and are imported only where demos run (the worker processes)."""

    id: str
    Params: type[DemoParams]

    def params_schema(self) -> dict:
        """JSON schema with bounds and defaults, for building the page's sliders and inputs."""
        return self.Params.model_json_schema()
