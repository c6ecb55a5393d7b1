"""The report's inline style sheet and script (no CDN, no library: ``report.html`` works offline).

:data:`CSS` styles the page, the table of contents and the foldable sections; :data:`SCRIPT`
makes the claims ledger filterable (status, version, section, free text) and sortable (click a
column header; again for descending), opens the folded sections an anchor points into, and
wires the "expand all" / "collapse all" buttons. The script reads only the table's markup
(``data-status``, ``data-version``, ``data-section`` on each row; the options of the filters are
written by :mod:`endodec.report.html` from the ledger), so it works for any set of statuses and
columns the ledger has.
"""

from __future__ import annotations

__all__ = ["CSS", "SCRIPT"]

CSS = r"""
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1150px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.2em;display:inline-block;width:95%}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0} td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top}
th{background:#f4f4f4} .small{font-size:.85em;color:#555}
.st-reproduced{background:#e6f4ea}.st-reproduced-under-a-reading{background:#f0f8e6}.st-not-reproduced{background:#fdecea}.st-inconsistent{background:#fff4e5}
.st-underdetermined{background:#eef2fb}.st-needs-author-data{background:#f3f3f3}.st-error{background:#f8d7da}
figure{margin:1em 0;border:1px solid #eee;padding:.5em} figure img{max-width:100%}
.prov{font-size:.8em;color:#666} .counts td{font-size:1.05em} details{margin:.4em 0}
details.sec>summary{cursor:pointer;list-style-position:outside} details.sec>summary h2{margin:.4em 0}
details.an>summary{cursor:pointer} details.an>summary h3{display:inline;margin:.3em 0}
nav.toc{background:#fafafa;border:1px solid #e4e4e4;padding:.4em 1em;font-size:.9em;columns:2}
nav.toc ul{margin:.2em 0;padding-left:1.2em} nav.toc li{break-inside:avoid}
.controls{display:flex;flex-wrap:wrap;gap:.6em;align-items:center;margin:.5em 0;font-size:.9em}
.controls input[type=search]{min-width:18em}
#ledger-table th{cursor:pointer;user-select:none;white-space:nowrap}
#ledger-table th[aria-sort=ascending]::after{content:" \25B2"} #ledger-table th[aria-sort=descending]::after{content:" \25BC"}
.regression-table td{text-align:right} .table-notes{max-width:60em}
"""

SCRIPT = r"""
(function () {
  "use strict";
  function openTo(id) {
    var el = id && document.getElementById(id);
    for (var p = el; p; p = p.parentElement) { if (p.tagName === "DETAILS") { p.open = true; } }
    if (el) { el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", function () { openTo(decodeURIComponent(location.hash.slice(1))); });
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href^='#']");
    if (a) { openTo(decodeURIComponent(a.getAttribute("href").slice(1))); }
    var b = ev.target.closest && ev.target.closest("[data-fold]");
    if (b) {
      var open = b.getAttribute("data-fold") === "open";
      document.querySelectorAll("details.sec, details.an").forEach(function (d) { d.open = open; });
    }
  });
  if (location.hash) { openTo(decodeURIComponent(location.hash.slice(1))); }

  var table = document.getElementById("ledger-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var f = {status: document.getElementById("f-status"), version: document.getElementById("f-version"),
           section: document.getElementById("f-section"), text: document.getElementById("f-text")};
  var count = document.getElementById("ledger-count");
  function apply() {
    var st = f.status.value, ve = f.version.value, se = f.section.value;
    var q = f.text.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var s = r.getAttribute("data-section") || "";
      var ok = (!st || r.getAttribute("data-status") === st) &&
               (!ve || r.getAttribute("data-version") === ve) &&
               (!se || s === se || s.indexOf(se + ".") === 0) &&
               (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { n += 1; }
    });
    count.textContent = n + " of " + rows.length + " claims shown";
  }
  ["status", "version", "section"].forEach(function (k) { f[k].addEventListener("change", apply); });
  f.text.addEventListener("input", apply);
  document.getElementById("f-reset").addEventListener("click", function () {
    f.status.value = ""; f.version.value = ""; f.section.value = ""; f.text.value = ""; apply();
  });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, i) {
    th.title = "sort by this column (click again: descending)";
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var keyed = rows.map(function (r, j) { return [r.cells[i] ? r.cells[i].textContent.trim() : "", j, r]; });
      keyed.sort(function (a, b) {
        if (a[0] === "" || b[0] === "") { return (a[0] === "") - (b[0] === "") || a[1] - b[1]; }
        var c = a[0].localeCompare(b[0], undefined, {numeric: true});
        return (asc ? c : -c) || a[1] - b[1];
      });
      keyed.forEach(function (k) { body.appendChild(k[2]); });
    });
  });
  apply();
})();
"""
