"""`python -m checks.languagetool ...` (also how `start` launches its detached `serve`)."""

import sys

from .cli import main

sys.exit(main())
