"""``python -m upstream``: the same as the ``upstream`` command."""

import sys

from .cli import main

sys.exit(main())
