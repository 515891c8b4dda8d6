"""``python -m vnschool_records.cli``."""

import sys

from vnschool_records.cli import main

sys.exit(main())
