"""`make bench`: every bench in its own process (each points eldercare at its own fresh SQLite file)."""

from __future__ import annotations

import subprocess
import sys

BENCHES = ["bench.hot_page", "bench.concurrent_writes"]


def main() -> int:
    failed = []
    for module in BENCHES:
        print(f"$ python -m {module}", flush=True)
        if subprocess.run([sys.executable, "-m", module]).returncode != 0:
            failed.append(module)
        print(flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
