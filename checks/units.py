"""Units family: medication-safety unit style (ISMP, Joint Commission) and one unit style per page (AMA, SI).

The quantities come from the shared reader (``checks.quantities``) run on each prose block;
code never reaches it. The rules live in three modules:

* ``units_safety``: how one dose is written (UNT001-UNT008, UNT010);
* ``units_abbrev``: abbreviations and ratio strengths found in the words around doses
  (UNT005's frequency and drug-name items, UNT009, UNT011);
* ``units_style``: one style per page (UNT012-UNT017), with the settings in
  ``rules/units/settings.yaml``.

Joint Commission and ISMP items are errors in dosing text (``checks.dosing_context``) and
warnings elsewhere.
"""

from __future__ import annotations

from typing import Any

from checks.context import CheckContext
from checks.document import Document
from checks.dosing_context import dosing_blocks, heading_pattern
from checks.quantities import Quantity, block_quantities
from checks.units_abbrev import check_text
from checks.units_page import Item, Page, UnitEmitter, quantities_of
from checks.units_safety import check_quantities
from checks.units_style import check_style

CODES = tuple(f"UNT{i:03d}" for i in range(1, 18))


def run(doc: Document, ctx: CheckContext) -> None:
    page = build_page(doc, ctx.options)
    em = UnitEmitter(page, ctx)
    check_quantities(page, em)
    check_text(page, em)
    check_style(page, em)


def build_page(doc: Document, options: dict[str, Any]) -> Page:
    items: list[Item] = []
    doses: dict[int, list[Quantity]] = {}
    for block in doc.blocks:
        found = quantities_of(block, block_quantities(doc, block))
        items.extend(found)
        if block_doses := [it.q for it in found if it.is_dose]:
            doses[block.index] = block_doses
    custom = options.get("dosing_headings")
    pattern = heading_pattern(custom if isinstance(custom, str) else None)
    return Page(doc, items, dosing_blocks(doc, pattern, doses), dict(options))
