#!/usr/bin/env python3
"""Fails when a lower layer of src/ includes a higher one (docs/DESIGN.md).

    scripts/check_include_layers.py [--expect-violations] [REPO_ROOT]

Each folder of src/ is a layer; LAYERS lists the layers each may include
directly (closed transitively). A quoted include "LAYER/..." from a file of
src/OTHER/ must name OTHER itself or a layer below it. Special cases:
  * module/arrow_module.h is the Arrow module's loader, part of the core: any
    layer may include it; the rest of src/module (the module's entry table,
    which registers every layer's Arrow functions) may include anything;
  * include/orbit/ (the public API, "orbit/...") sits at the api level, except
    orbit/error.h and orbit/version.h, which the core may include.
Exit 0 when every include points down, 1 (listing file:line and the rule)
otherwise, 2 for a layer it does not know (add it to LAYERS).
--expect-violations (the check's own test, on tests/layers/fixture): exit 0
only when violations are found and every layer is known.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

LAYERS: dict[str, list[str]] = {
    "core": [],
    "calendar": ["core"],
    "storage": ["core"],
    "source": ["calendar", "storage"],
    "strategy": ["calendar"],
    "engine": ["strategy"],
    "sink": ["engine", "storage"],
    "gen": ["engine"],
    "pipeline": ["source", "engine"],
    "quality": ["source", "strategy"],
    "report": ["engine", "storage"],
    "api": ["pipeline", "sink", "report", "quality", "gen", "orbit", "selection", "research"],
    "orbit": ["pipeline", "sink", "report", "quality", "gen", "selection", "research"],  # include/orbit: the api level
    "sweep": ["api", "report"],
    "selection": ["core"],    # master matrix (orbit matrix): downstream of result files only
    "research": ["report"],   # P&L statistics, walk-forward (orbit overfit)
}
CORE_PUBLIC = {"orbit/error.h", "orbit/version.h"}
LOADER = "module/arrow_module.h"
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([^"]+)"')


def closure() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}

    def below(layer: str) -> set[str]:
        if layer not in out:
            found = {layer}
            for dep in LAYERS[layer]:
                found |= below(dep)
            out[layer] = found
        return out[layer]

    for layer in LAYERS:
        below(layer)
    return out


def check(root: Path) -> tuple[list[str], list[str]]:
    allowed = closure()
    violations, unknown = [], []
    files = [(p, p.relative_to(root / "src").parts[0]) for p in sorted((root / "src").rglob("*"))
             if p.suffix in (".h", ".cc", ".in") and len(p.relative_to(root / "src").parts) > 1]
    if (root / "include" / "orbit").is_dir():
        files += [(p, "orbit") for p in sorted((root / "include" / "orbit").glob("*.h*"))]
    for path, layer in files:
        if layer == "module" and path.name not in ("arrow_module.h", "arrow_module.cc"):
            continue  # the module's entry table: above every layer
        own = "core" if layer == "module" else layer
        if own not in allowed:
            unknown.append(f"{path.relative_to(root)}: layer '{layer}' is not in LAYERS")
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target, rest = m.group(1), f"{m.group(1)}/{m.group(2)}"
            if rest == LOADER or (target == "orbit" and rest in CORE_PUBLIC):
                continue
            if target not in LAYERS and target != "module":
                continue  # a third-party or generated header ("fmt/...", "cctz/...", "arrow/...")
            if target == "module" or target not in allowed[own]:
                violations.append(f"{path.relative_to(root)}:{number}: {own} includes {rest} "
                                  f"({own} may include: {', '.join(sorted(allowed[own]))})")
    return violations, unknown


def main() -> int:
    args = sys.argv[1:]
    expect = "--expect-violations" in args
    args = [a for a in args if a != "--expect-violations"]
    root = Path(args[0] if args else Path(__file__).resolve().parents[1])
    violations, unknown = check(root)
    if expect:
        print("\n".join(violations))
        return 0 if violations and not unknown else 1
    for line in unknown:
        print(line, file=sys.stderr)
    for line in violations:
        print(line, file=sys.stderr)
    if unknown:
        return 2
    if violations:
        print(f"{len(violations)} include(s) from a lower layer into a higher one", file=sys.stderr)
        return 1
    print("include layers: every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
