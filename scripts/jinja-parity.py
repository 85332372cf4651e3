#!/usr/bin/python3
"""Render every case of test/templates/fixtures/parity-cases.json with real Jinja2 and write
test/templates/fixtures/parity-expected.json (what test/templates/parity.test.ts compares against).

Run with Debian's Python and Jinja2:  apt-get install -y python3-jinja2 && /usr/bin/python3 scripts/jinja-parity.py

Environment defaults (no autoescape, keep_trailing_newline=False). Policies, only where decisions.md
rules a deliberate difference (listed in docs/templates.md, "Differences from Jinja2"):
  * an integral float prints like an int (JavaScript has one number type): 4 / 2 prints 2, not 2.0;
  * a list/tuple/dict prints as compact JSON instead of Python repr.
Both apply to {{ ... }} output (finalize) and to the ~ operator, the places templates print values.
"""
import json
import math
import pathlib
import sys

import jinja2
import jinja2.runtime

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "test" / "templates" / "fixtures"


def js_text(value):
    """How webhook-proxy prints a value (toText) for the values where it deliberately differs."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return value


def str_join(seq):
    return "".join(str(js_text(v)) for v in seq)


# The compiled template imports str_join from jinja2.runtime when it is executed, so this reaches `~`.
jinja2.runtime.str_join = str_join


def render(case):
    env = jinja2.Environment(finalize=js_text)
    try:
        template = env.from_string(case["template"])
        return {"output": template.render(**case["context"])}
    except Exception as e:  # noqa: BLE001 - any Jinja failure is an expected error case
        return {"error": f"{type(e).__name__}: {e}"}


def main():
    cases = json.loads((FIXTURES / "parity-cases.json").read_text(encoding="utf-8"))
    names = [c["name"] for c in cases]
    if len(names) != len(set(names)):
        sys.exit("duplicate case names in parity-cases.json")
    expected = {"jinja2": jinja2.__version__, "cases": {c["name"]: render(c) for c in cases}}
    out = FIXTURES / "parity-expected.json"
    out.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    errors = sum(1 for r in expected["cases"].values() if "error" in r)
    print(f"{len(cases)} cases ({errors} expected errors) rendered with Jinja2 {jinja2.__version__} -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
