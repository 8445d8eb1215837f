"""Bridges to other negotiation toolkits.

Each bridge lives in its own submodule and imports its toolkit only there, so
that `import accord` never pulls in an optional (and possibly differently
licensed) dependency. `accord.interop.negmas` adapts negmas (AGPL, optional:
``pip install 'accord[negmas]'``) in both directions.
"""
