"""The passes a check runs after its main loop over the files, each returning what it found.

The main loop runs the file rules against the family's AWS bindings. Then, over the trees the loop
kept for them (a pass declares the modules it ``wants`` in its plan, before any file is parsed):

- :mod:`~compat.check.passes.local_bindings`: the imports of what ``cdktf get`` generates, returned
  as a ``LocalUsage`` (the context of the project rules is built after it, with it), and the file
  rules again against a prebuilt release standing in (:mod:`~compat.check.passes.stand_in`);
- :mod:`~compat.check.passes.prebuilt`: the file rules against the installed release of every
  other prebuilt package the code imports.

Both run the rules through one :class:`~compat.check.passes.bindings_source.BindingsSource` each.
"""
