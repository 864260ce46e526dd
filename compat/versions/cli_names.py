"""The two CLIs a cdktf / cdktn project can deploy with, and how messages name them."""

from __future__ import annotations

from typing import Literal

Cli = Literal["terraform", "opentofu"]

CLI_LABELS: dict[Cli, str] = {"terraform": "Terraform", "opentofu": "OpenTofu"}
