"""JSON for programs, without rich: what a command that prints only JSON needs to import
(``refcli search --json`` starts faster for it)."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(data: Any) -> None:
    """JSON for programs: UTF-8, unescaped Cyrillic, one document per call (JSON escapes
    control characters itself)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")
    sys.stdout.flush()
