// The extractor page: sends the file or URL to /v1/extract and renders the record.
// Plain DOM and textContent only: the record's text comes from documents found on the web.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let downloadUrl = null;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function say(text, isError) {
    const m = $("message");
    m.textContent = text;
    m.className = isError ? "error" : "";
  }

  async function submit(event) {
    event.preventDefault();
    const file = $("file").files[0];
    const url = $("url").value.trim();
    const headers = {};
    const token = $("token").value.trim();
    if (token) headers["Authorization"] = "Bearer " + token;
    let body;
    if (file) {
      body = new FormData();
      body.append("file", file, file.name);
    } else if (url) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify({ url: url });
    } else {
      say("Choose a file or paste a URL first.", true);
      return;
    }
    $("submit").disabled = true;
    $("result").hidden = true;
    say("Extracting…", false);
    try {
      const response = await fetch("/v1/extract", { method: "POST", headers: headers, body: body });
      const data = await response.json().catch(() => null);
      if (!response.ok) {
        const err = data && data.error ? data.error : { code: "http_" + response.status, message: response.statusText };
        if (response.status === 401) $("token-box").open = true;
        say("Error " + response.status + " (" + err.code + "): " + err.message, true);
        return;
      }
      render(data);
      say("Done: status " + data.status + ", " + (data.tables || []).length + " table(s).", false);
    } catch (e) {
      say("The request failed: " + e, true);
    } finally {
      $("submit").disabled = false;
    }
  }

  function render(record) {
    const meta = record.metadata || {};
    $("report-title").textContent = meta.title || (record.source && record.source.uri) || "Report";
    const dl = $("meta");
    clear(dl);
    const rows = [
      ["status", record.status],
      ["agency", meta.agency],
      ["year", meta.year],
      ["template", meta.template],
      ["publication date", meta.publication_date],
      ["source", record.source ? record.source.uri + " (" + record.source.kind + ")" : null],
      ["extractor", record.extractor_version],
    ];
    for (const [k, v] of rows) {
      if (v === undefined || v === null) continue;
      dl.appendChild(el("dt", k));
      dl.appendChild(el("dd", v));
    }
    const problems = $("problems");
    clear(problems);
    for (const e of record.errors || []) problems.appendChild(el("li", "error " + e.stage + "/" + e.code + ": " + e.message));
    for (const w of record.warnings || []) problems.appendChild(el("li", "warning " + w.code + ": " + w.message));

    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(record, null, 2)], { type: "application/json" }));
    const link = $("download");
    link.href = downloadUrl;
    const base = record.source && record.source.uri ? record.source.uri.split(/[\\/!]/).pop() : "record";
    link.download = base.replace(/\.[^.]*$/, "") + ".json";

    renderTables(record);
    renderChecks(record.checks || []);
    renderSections(record.sections || []);
    renderFields(record.fields || {});
    renderThemes(record.themes || [], record.theme_pairs || record.pairs || null);
    $("result").hidden = false;
  }

  // Field ids named by each failing check's message (its sums list them).
  function failingFields(record) {
    const out = new Map();
    const known = record.fields || {};
    for (const c of record.checks || []) {
      if (c.status !== "fail") continue;
      for (const token of String(c.message || "").split(/[\s+=,()]+/)) {
        if (Object.prototype.hasOwnProperty.call(known, token)) {
          out.set(token, (out.get(token) ? out.get(token) + "; " : "") + c.rule + ": " + c.message);
        }
      }
    }
    return out;
  }

  function renderTables(record) {
    const box = $("tables");
    clear(box);
    const failing = failingFields(record);
    // table index (1-based) → "row:col" in the grid (header rows first) → field id. Evidence
    // rows count the body rows; the schema's description counts header rows too, so the cell
    // whose text is the evidence's raw text decides.
    const cells = {};
    const tables = record.tables || [];
    for (const [fid, ev] of Object.entries(record.field_evidence || {})) {
      const t = tables[ev.table - 1];
      if (!t) continue;
      const header = t.header || [];
      const body = t.rows || [];
      const inBody = body[ev.row] && body[ev.row][ev.col] === ev.raw;
      const inGrid = ev.row < header.length ? header[ev.row] : body[ev.row - header.length];
      const row = inBody || !(inGrid && inGrid[ev.col] === ev.raw) ? ev.row + header.length : ev.row;
      (cells[ev.table] = cells[ev.table] || {})[row + ":" + ev.col] = fid;
    }
    (record.tables || []).forEach((t, i) => {
      const table = el("table", null, "grid");
      table.dataset.table = t.id;
      table.appendChild(el("caption", t.id + " · " + t.kind + (t.template ? " · template " + t.template : "")));
      const map = cells[i + 1] || {};
      const header = t.header || [];
      const body = t.rows || [];
      const width = Math.max(0, ...header.map((r) => r.length), ...body.map((r) => r.length));
      const addRow = (section, row, r, cellTag) => {
        const tr = document.createElement("tr");
        for (let c = 0; c < width; c++) {
          const text = c < row.length ? row[c] : "";
          const td = el(cellTag, text);
          const fid = map[r + ":" + c];
          if (fid) {
            td.title = fid + " = " + (record.fields || {})[fid];
            td.dataset.field = fid;
            if (failing.has(fid)) {
              td.classList.add("fail");
              td.title += "\n" + failing.get(fid);
            }
          }
          if (cellTag === "td" && /^-?[\d.,]+$/.test(String(text).trim())) td.classList.add("num");
          tr.appendChild(td);
        }
        section.appendChild(tr);
      };
      if (header.length) {
        const thead = document.createElement("thead");
        header.forEach((row, r) => addRow(thead, row, r, "th"));
        table.appendChild(thead);
      }
      const tbody = document.createElement("tbody");
      body.forEach((row, r) => addRow(tbody, row, r + header.length, "td"));
      table.appendChild(tbody);
      box.appendChild(table);
    });
    if (!(record.tables || []).length) box.appendChild(el("p", "No tables found."));
  }

  function renderChecks(checks) {
    const tbody = $("checks").tBodies[0];
    clear(tbody);
    for (const c of checks) {
      const tr = el("tr", null, c.status);
      for (const [v, cls] of [[c.rule], [c.scope], [c.status, "status"], [c.expected], [c.found], [c.message]]) {
        tr.appendChild(el("td", v === null || v === undefined ? "" : v, cls));
      }
      tbody.appendChild(tr);
    }
  }

  function renderSections(sections) {
    const box = $("sections");
    clear(box);
    for (const s of sections) {
      const d = el("details", null, "section");
      d.dataset.section = s.id;
      d.appendChild(el("summary", (s.title || "(" + s.id + ")") + " · " + s.id + " · confidence " + s.confidence));
      d.appendChild(el("pre", s.text));
      for (const sub of s.subsections || []) {
        d.appendChild(el("h4", sub.title));
        d.appendChild(el("pre", sub.text));
      }
      box.appendChild(d);
    }
  }

  function renderFields(fields) {
    const tbody = $("fields").tBodies[0];
    clear(tbody);
    for (const [k, v] of Object.entries(fields)) {
      const tr = document.createElement("tr");
      tr.appendChild(el("td", k));
      tr.appendChild(el("td", v === null ? "unreadable" : v, "num"));
      tbody.appendChild(tr);
    }
  }

  // Themes are rendered generically: whatever label, text, keywords and score an entry has.
  // Pairs, where the record has them, are {problem, measure} as indices into themes (or the
  // theme objects themselves).
  function renderThemes(themes, pairs) {
    const tbody = $("themes").tBodies[0];
    clear(tbody);
    themes.forEach((t, i) => {
      const tr = document.createElement("tr");
      tr.appendChild(el("td", i));
      tr.appendChild(el("td", t.label, "label-" + t.label));
      tr.appendChild(el("td", t.text));
      tr.appendChild(el("td", (t.keywords || []).join(", ")));
      tr.appendChild(el("td", typeof t.score === "number" ? t.score.toFixed(2) : t.score));
      tbody.appendChild(tr);
    });
    const box = $("pairs");
    clear(box);
    if (!Array.isArray(pairs) || !pairs.length) return;
    box.appendChild(el("h3", "Problem → measure"));
    const pick = (p) => (typeof p === "number" ? themes[p] : p);
    for (const pair of pairs) {
      const problem = pick(pair.problem);
      const measure = pick(pair.measure);
      const div = el("div", null, "pair");
      div.appendChild(el("p", "问题: " + (problem && problem.text ? problem.text : "—"), "label-problem"));
      div.appendChild(el("p", "→ 措施: " + (measure && measure.text ? measure.text : "—"), "label-measure"));
      const how = pair.how ? "linked by " + pair.how : "";
      const score = typeof pair.score === "number" ? "score " + pair.score.toFixed(2) : "";
      if (how || score) div.appendChild(el("p", [how, score].filter(Boolean).join(", "), "hint"));
      box.appendChild(div);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("extract-form").addEventListener("submit", submit);
    // One source at a time: choosing a file clears the URL and the other way round.
    $("file").addEventListener("change", () => { if ($("file").files.length) $("url").value = ""; });
    $("url").addEventListener("input", () => { if ($("url").value) $("file").value = ""; });
  });
})();
