"""`compat why <package>==<version>`: the verdict on one bindings release, with reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compat.cli._options import FormatOption, OpenTofuOption, TextJson, emit_json


def register(app: typer.Typer) -> None:
    @app.command(name="why")
    def _command(
        release: Annotated[
            str, typer.Argument(help="A bindings release, e.g. cdktf-cdktf-provider-aws==21.22.1.")
        ],
        terraform: Annotated[str | None, typer.Option("--terraform", help="Terraform CLI version.")] = None,
        opentofu: OpenTofuOption = None,
        python: Annotated[str | None, typer.Option("--python", help="Python version.")] = None,
        provider: Annotated[
            str | None, typer.Option("--provider", help="AWS provider constraint, e.g. 'aws@~> 5.0'.")
        ] = None,
        project: Annotated[
            Path, typer.Option("--project", help="Where to detect Terraform and Python when not given.")
        ] = Path("."),
        output: FormatOption = TextJson.text,
    ) -> None:
        """Say whether one release works with your Terraform and Python, and why (exit 1 when it does not)."""
        from packaging.requirements import InvalidRequirement, Requirement

        from compat.errors import CompatError
        from compat.providers import provider_package
        from compat.resolver import Target, why
        from compat.resolver.pin import python_source
        from compat.snapshot import load_snapshot
        from compat.versions.cli import detect_terraform
        from compat.versions.detect import detect_python
        from compat.versions.providers import parse_provider

        try:
            requirement = Requirement(release)
        except InvalidRequirement as error:
            raise CompatError(f"{release!r} is not <package>==<version>") from error
        specs = list(requirement.specifier)
        if len(specs) != 1 or specs[0].operator != "==":
            raise CompatError(f"{release!r} is not <package>==<version>")
        package = provider_package(requirement.name)
        if package is None:
            raise CompatError(
                f"{requirement.name!r} is not a prebuilt provider package (cdktf-cdktf-provider-*, "
                "cdktn-provider-*)"
            )
        line = package.line
        root = project if project.is_dir() else Path(".")
        tf = detect_terraform(root, terraform, opentofu=opentofu)
        py = (
            detect_python(root, python)
            if python
            or (root / "Pipfile").exists()
            or (root / "pyproject.toml").exists()
            or (root / ".python-version").exists()
            else None
        )
        constraint = parse_provider(provider, "--provider").constraint if provider else None
        target = Target(
            line,
            tf.version if tf else None,
            py.version if py else None,
            constraint,
            tf.source if tf else "",
            python_source(py) if py else "",
            "--provider" if provider else "",
            tf.cli if tf else "terraform",
        )
        verdict, lines = why(load_snapshot(), target, package.pypi, specs[0].version)
        if output is TextJson.json:
            emit_json(
                {
                    "package": verdict.release.package,
                    "version": str(verdict.release.version),
                    "usable": verdict.accepted,
                    "core": (
                        {"name": verdict.core.package, "version": str(verdict.core.version)}
                        if verdict.core
                        else None
                    ),
                    "cli": target.cli,
                    "terraform": str(target.terraform) if target.terraform else None,
                    "python": str(target.python) if target.python else None,
                    "reasons": [{"predicate": r.predicate, "reason": r.reason} for r in verdict.rejections],
                    "explanation": lines,
                }
            )
        else:
            typer.echo("\n".join(lines))
        if not verdict.accepted:
            raise typer.Exit(1)
