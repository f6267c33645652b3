"""Shared pieces every demo module uses: the strict Params base class and the DemoSpec record."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from matplotlib.figure import Figure
from pydantic import BaseModel, ConfigDict


class DemoParams(BaseModel):
    """Base for every demo's Params: unknown keys and NaN/inf are rejected, values are frozen.

    Frozen so that a validated params object can be shared by cached results without anyone
    changing it afterwards.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


@dataclass(frozen=True)
class DemoSpec:
    """One demo as the registry sees it."""

    id: str
    lesson: int
    Params: type[DemoParams]
    compute: Callable[[Any], dict]
    figure: Callable[[Any, dict], Figure]

    def params_schema(self) -> dict:
        """JSON schema with bounds and defaults, for building the page's sliders and inputs."""
        return self.Params.model_json_schema()

    def default_params(self) -> dict:
        return self.Params().model_dump(mode="json")
