"""The inline stylesheet and script of the ``html`` report (no external resources).

The script never builds markup from strings: it toggles attributes and clones nodes the page
already holds. Its state is visible in the DOM (``body[data-families]``, ``mark[data-on]``,
``li[hidden]``), and ``#filter=a,b`` in the address selects the families shown at load.
"""

STYLE = """
:root { --err: #cf222e; --err-bg: #ffdcd7; --warn: #9a6700; --warn-bg: #fff1b8; --info: #0969da;
  --info-bg: #ddf4ff; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
header { padding: .8rem 1.2rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
header h1 { font-size: 1.2rem; margin: 0; }
header p { margin: .2rem 0 0; color: var(--muted); }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 27rem; }
main { padding: 0 1.2rem 2rem; min-width: 0; }
aside { position: sticky; top: 0; height: 100vh; overflow: auto; border-left: 1px solid var(--line);
  padding: .8rem 1rem; background: #fbfcfd; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } aside { position: static; height: auto; } }
h2 { font-size: 1.05rem; margin: 1.2rem 0 .5rem; }
h2 .count { font-weight: normal; color: var(--muted); }
.src { padding: .4rem 0; border: 1px solid var(--line); border-radius: 6px; background: #fff;
  font: 12.5px/1.55 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.line > .code { flex: 1; min-width: 0; white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; }
.line { display: flex; padding-right: .6rem; }
.line.has { background: #fafbfc; }
.no { flex: none; width: 3.2rem; padding-right: .7rem; text-align: right; color: #8c959f;
  user-select: none; }
.no::before { content: attr(data-n); }
.line.has .no { color: #1f2328; font-weight: 600; }
.line.has:not(:has(mark.seg[data-on="1"])) { background: none; }
.line.has:not(:has(mark.seg[data-on="1"])) .no { color: #8c959f; font-weight: normal; }
mark.seg { color: inherit; border-radius: 2px; cursor: pointer; }
mark.seg[data-sev="error"] { background: var(--err-bg); box-shadow: inset 0 -2px var(--err); }
mark.seg[data-sev="warning"] { background: var(--warn-bg); box-shadow: inset 0 -2px var(--warn); }
mark.seg[data-sev="info"] { background: var(--info-bg); box-shadow: inset 0 -2px var(--info); }
mark.seg:not([data-n="1"]) { text-decoration: underline double #6e7781; }
mark.seg[data-on="0"] { background: none; box-shadow: none; text-decoration: none; cursor: text; }
mark.caret { display: inline-block; width: .45em; height: 1.1em; vertical-align: text-bottom; }
mark.seg.current { outline: 2px solid #1f2328; }
.note { color: var(--muted); font-style: italic; }
.problems li { color: var(--err); }
.problems li.notice { color: var(--muted); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .8rem; padding: .4rem .7rem .6rem; }
legend { font-weight: 600; padding: 0 .3rem; }
fieldset label { display: inline-flex; align-items: center; gap: .3rem; margin-right: .9rem; cursor: pointer; }
fieldset input { width: 1rem; height: 1rem; margin: 0; accent-color: #0969da; }
#detail { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .7rem; margin-bottom: .8rem;
  background: #fff; }
#detail h3 { margin: 0 0 .3rem; font-size: .95rem; }
#detail ol { padding-left: 1.1rem; margin: .2rem 0; }
.family > h3 { font-size: .95rem; margin: .8rem 0 .2rem; text-transform: capitalize; }
.group h4 { font-size: .85rem; margin: .4rem 0 .1rem; font-weight: 600; }
.group h4.error { color: var(--err); } .group h4.warning { color: var(--warn); } .group h4.info { color: var(--info); }
ol.findings { list-style: none; padding: 0; margin: 0; }
li.finding { padding: .3rem .4rem; border-left: 3px solid var(--line); margin: .25rem 0; background: #fff; }
li.finding[data-sev="error"] { border-left-color: var(--err); }
li.finding[data-sev="warning"] { border-left-color: var(--warn); }
li.finding[data-sev="info"] { border-left-color: var(--info); }
li.finding.current { background: #eef4ff; }
li.finding .head { display: flex; gap: .4rem; align-items: baseline; }
li.finding .loc { margin-left: auto; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted);
  white-space: nowrap; }
li.finding .code { font-weight: 600; text-decoration: none; }
li.finding .rule-name { color: var(--muted); }
li.finding .sugg { color: #1a7f37; }
.rule { border-top: 1px solid var(--line); padding: .3rem 0; }
.rule h3 { font-size: .9rem; margin: .2rem 0; }
.rule p { margin: .2rem 0; }
.rule .authority { color: var(--muted); font-size: .9em; }
"""

SCRIPT = """
"use strict";
(() => {
  const items = new Map();
  for (const li of document.querySelectorAll("aside li.finding")) items.set(li.dataset.f, li);
  const boxes = Array.from(document.querySelectorAll("input.family"));
  const marks = Array.from(document.querySelectorAll("mark.seg"));
  const rank = { info: 1, warning: 2, error: 3 };
  const detail = document.getElementById("detail");

  function apply() {
    const on = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
    for (const li of items.values()) li.hidden = !on.has(li.dataset.family);
    for (const group of document.querySelectorAll("aside div.group, aside section.family")) {
      group.hidden = !group.querySelector("li.finding:not([hidden])");
    }
    for (const mark of marks) {
      let best = "";
      let n = 0;
      for (const id of mark.dataset.f.split(" ")) {
        const li = items.get(id);
        if (li && !li.hidden) {
          n += 1;
          if (!best || rank[li.dataset.sev] > rank[best]) best = li.dataset.sev;
        }
      }
      mark.dataset.on = n ? "1" : "0";
      mark.dataset.sev = best;
      mark.dataset.n = String(n);
    }
    document.body.dataset.families = Array.from(on).sort().join(",");
  }

  function fromHash() {
    const m = /^#filter=([^&]*)/.exec(window.location.hash);
    if (!m) return false;
    const wanted = new Set(decodeURIComponent(m[1]).split(",").filter(Boolean));
    for (const b of boxes) b.checked = wanted.has(b.value);
    return true;
  }

  function select(ids) {
    for (const el of document.querySelectorAll(".current")) el.classList.remove("current");
    for (const mark of marks) {
      if (mark.dataset.f.split(" ").some((id) => ids.includes(id))) mark.classList.add("current");
    }
    for (const id of ids) {
      const li = items.get(id);
      if (li) li.classList.add("current");
    }
  }

  function show(ids) {
    const shown = ids.filter((id) => items.has(id) && !items.get(id).hidden);
    if (!shown.length) return;
    const list = document.createElement("ol");
    const rules = [];
    for (const id of shown) {
      const copy = items.get(id).cloneNode(true);
      copy.removeAttribute("id");
      copy.classList.remove("current");
      list.append(copy);
      const code = items.get(id).dataset.code;
      const rule = document.getElementById("rule-" + code);
      if (rule && !rules.some((r) => r.dataset.code === code)) {
        const r = rule.cloneNode(true);
        r.removeAttribute("id");
        r.dataset.code = code;
        rules.push(r);
      }
    }
    const head = document.createElement("h3");
    head.textContent = shown.length === 1 ? "Finding" : shown.length + " findings here";
    detail.replaceChildren(head, list, ...rules);
    detail.hidden = false;
    select(shown);
  }

  document.addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark.seg");
    if (mark && mark.dataset.on === "1") {
      show(mark.dataset.f.split(" "));
      return;
    }
    const li = ev.target.closest("aside li.finding");
    if (li && !detail.contains(li)) show([li.dataset.f]);
  });
  for (const b of boxes) {
    b.addEventListener("change", () => {
      apply();
      detail.hidden = true;
      select([]);
      const on = boxes.filter((x) => x.checked).map((x) => x.value);
      window.history.replaceState(null, "", "#filter=" + on.join(","));
    });
  }
  window.addEventListener("hashchange", () => {
    if (fromHash()) {
      apply();
      detail.hidden = true;
      select([]);
    }
  });
  fromHash();
  apply();
  document.body.dataset.ready = "1";
})();
"""
