"""compat: keep CDK for Terraform Python projects on versions that work together."""

__version__ = "0.1.0"
