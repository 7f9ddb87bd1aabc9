"""Run axe-core (Deque's accessibility engine, vendored in tests/support/axe/, MPL-2.0) on a
page in a Playwright browser. Only the tests inject it: the pages never load it.

The pages' CSP refuses inline scripts, so `add_script_tag(content=...)` is blocked; the file is
evaluated through Playwright's own channel (CDP), which a page's CSP does not govern.
"""
from __future__ import annotations

from pathlib import Path

AXE_FILE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
BLOCKING = ("serious", "critical")
_source: str | None = None


def _axe_source() -> str:
    global _source
    if _source is None:
        _source = AXE_FILE.read_text(encoding="utf-8")
    return _source


def violations(page, impacts=BLOCKING) -> list[dict]:
    """axe's violations of the given impacts on the page as it is now (WCAG 2.x A and AA and
    best practices): [{id, impact, help, nodes: [(selector, summary), ...]}]."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    found = page.evaluate("""() => axe.run(document, {resultTypes: ["violations"]}).then(
        (result) => result.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => [n.target.join(" "), n.failureSummary]),
        })))""")
    return [v for v in found if v["impact"] in impacts]


def report(found: list[dict]) -> str:
    """The violations, readable in a failed assertion."""
    lines = []
    for v in found:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        lines += [f"    {selector}: {summary.splitlines()[-1].strip()}" for selector, summary in v["nodes"][:8]]
    return "\n".join(lines)
