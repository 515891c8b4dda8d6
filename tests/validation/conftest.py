"""Make the record builders importable as ``builders`` from this directory's tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
