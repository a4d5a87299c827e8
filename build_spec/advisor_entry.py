"""Entry point of the bundled app (PyInstaller): the same ``advisor`` command as ``pip install`` gives.

Without arguments it opens the window; ``advisor --self-test`` checks the bundle; every subcommand
(``advisor rules import …``) works from the bundle folder too.
"""

import multiprocessing
import sys

from advisor.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless today; needed if a worker process is ever started on Windows
    sys.exit(main())
