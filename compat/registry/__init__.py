"""Clients for the registries compat reads: PyPI, npm and the Terraform registry.

All of them go through one :class:`~compat.registry.http.HttpClient`, which owns the
``requests.Session`` (timeouts, retries with backoff) and the on-disk cache.
"""
