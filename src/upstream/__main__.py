"""``python -m upstream``: the same as the ``upstream`` command."""

import sys

from .course.cli import main

sys.exit(main())
