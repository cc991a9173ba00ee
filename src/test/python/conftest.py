"""Makes the client package importable from a clone, without installing it."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "main" / "python"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
