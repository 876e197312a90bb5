"""``python -m weir._worker``: a Python function worker (the engine starts it)."""

from weir._worker.main import main

main()
