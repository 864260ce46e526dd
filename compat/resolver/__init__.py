"""The resolver: pure functions over the release snapshot.

``resolve``, ``judge`` and ``why`` are in :mod:`compat.resolver.solve`, ``matrix`` in
:mod:`compat.resolver.matrix`, the value objects in :mod:`compat.resolver.model`. Nothing is
imported here, so that a check rule that needs only :mod:`compat.resolver.joint` does not load the
solver.
"""
