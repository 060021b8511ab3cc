"""`postguard history`: each person's repeat findings within the window and the policy's step."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text

from postguard.report.lines import make_console


def render_history(repeats, policy, out, *, by: str = "author") -> None:
    console = make_console(out)
    window = policy.discipline.window_months
    if not repeats:
        console.print(f"No failing drafts in the ledger for this selection (window: {window} months).")
        return
    table = Table(title=f"Repeat findings within {window} months, and the step the policy prescribes (§1.A.6)",
                  title_justify="left", show_lines=True)
    for column in (by, "severity", "times in window", "from – to", "rules", "step to consider", "restorative actions"):
        table.add_column(column, overflow="fold")
    for r in repeats:
        earlier = f" (+{r.outside} earlier, outside the window)" if r.outside else ""
        rules = ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in r.rules.most_common())
        table.add_row(r.who, r.severity.value, f"{r.count}{earlier}",
                      f"{r.first.date().isoformat()} – {r.latest.date().isoformat()}", rules, r.step,
                      "\n".join(f"• {a}" for a in r.restoration))
    console.print(table)
    note = policy.discipline.note or "postguard recommends; people decide."
    console.print(Text(note, "italic"))
