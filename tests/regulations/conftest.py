"""Make the shared hypothesis strategies importable as ``regulation_strategies``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
