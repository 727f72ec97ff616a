"""`python -m bot.cli` is the `gongyou` console script."""

import sys

from bot.cli import main

sys.exit(main())
