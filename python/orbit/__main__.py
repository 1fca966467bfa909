"""``python -m orbit ...`` and the ``orbit`` console script: the `orbit` command line
(run, gen, report), the very same C++ code as the ``orbit`` executable."""
from __future__ import annotations

import sys

from . import _core


def main() -> int:
    return _core.cli_main(["orbit", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
