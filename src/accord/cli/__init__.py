"""The `accord` command: parse, call the library, render."""

import os

# OpenBLAS starts a pool of threads when numpy is imported, which costs a short
# command (`accord ledger`, `accord analyze`) about as much CPU as the rest of
# numpy's import; accord's matrix products are small. A value the user set wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
