// The extractor page: one document (file, drag and drop, or URL) through /v1/extract, a
// batch (archive or URL list) through /v1/batches, or two years of one body through
// /v1/compare (or two records of a batch); renders records, comparisons, batch tables and charts.
// Plain DOM and textContent only: the record's text comes from documents found on the web.
// Charts are Apache ECharts (static/vendor/echarts), fed numbers and this page's own labels.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const I18N = window.EXTRACTOR_I18N;
  const LANG_KEY = "extractor.lang";
  const APPLICANTS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org"];
  const OUTCOMES = ["granted", "partially_granted", "denied", "unavailable", "not_processed", "other"];
  const REVIEW_BLOCKS = ["review", "litigation_direct", "litigation_after_review"];
  const REVIEW_RESULTS = ["upheld", "corrected", "other", "pending"];
  const RULES = ["R1", "R2", "R3", "R4", "S3", "S4"];
  const BATCH_ID = /^[0-9a-f]{32}$/;

  let lang = localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh";
  let downloadUrl = null;
  let fieldLabels = null; // field id → the template's Chinese label path (GET /v1/fields)
  let health = null;
  const state = {
    record: null, // the record shown in the report view
    job: null, // the batch shown in the batch view, and its rows
    rows: [],
    sort: { key: "agency", dir: 1 },
    poll: 0, // a new batch or a new poll cancels the previous one
    comparison: null, // the comparison shown in the compare view
    bodies: [], // the batch's bodies through the years (GET …/bodies)
    series: null, // the body whose series is drawn (GET …/series)
    picked: [], // record indices ticked in the batch table for a comparison (at most two)
  };
  // The series chart: the batch table's key numbers, each a sum of fields (null when one of
  // them is missing that year).
  const SERIES = [
    { label: "col.new", ids: ["requests.new.total"], type: "bar" },
    { label: "col.granted", ids: ["requests.granted.total"], type: "line" },
    { label: "col.results", ids: ["requests.results_total.total"], type: "line" },
    { label: "col.review", ids: ["review.total"], type: "line" },
    { label: "col.litigation", ids: ["litigation_direct.total", "litigation_after_review.total"], type: "line" },
  ];

  // --- language ------------------------------------------------------------------------------

  function t(key, params) {
    const table = I18N[lang] || I18N.zh;
    let text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : I18N.zh[key];
    if (text === undefined) return key;
    for (const [k, v] of Object.entries(params || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }

  // A translated value of a small vocabulary (status, template, …), or the value itself.
  function tv(prefix, value) {
    if (value === null || value === undefined || value === "") return "";
    const key = prefix + "." + value;
    const table = I18N[lang];
    return Object.prototype.hasOwnProperty.call(table, key) || Object.prototype.hasOwnProperty.call(I18N.zh, key) ? t(key) : String(value);
  }

  // An API error in the reader's language: the Chinese explanation of the code where there is
  // one, with the server's own (English) message kept for details.
  function errorText(code, message) {
    const key = "error." + code;
    if (lang === "zh" && Object.prototype.hasOwnProperty.call(I18N.zh, key)) {
      return t("error.detail", { text: I18N.zh[key], code: code, message: message || "" });
    }
    return t("error.detail", { text: message || code, code: code, message: message || code });
  }

  function applyStatic() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = t("page.title");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
    for (const node of document.querySelectorAll("[data-i18n-aria-label]")) node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
    showCapabilities();
    showChosen("file", "file-name");
    showChosen("archive", "archive-name");
    showChosen("old-file", "old-name");
    showChosen("new-file", "new-name");
  }

  function setLanguage(next) {
    lang = next;
    localStorage.setItem(LANG_KEY, lang);
    applyStatic();
    say("", false);
    if (!$("batch-view").hidden && state.job) renderBatch();
    if (!$("result").hidden && state.record) render(state.record, !$("back").hidden);
    if (!$("compare-view").hidden && state.comparison) renderCompare(state.comparison, !$("compare-back").hidden);
  }

  // --- small helpers -------------------------------------------------------------------------

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

  function headers() {
    const out = {};
    const token = $("token").value.trim();
    if (token) out["Authorization"] = "Bearer " + token;
    return out;
  }

  class ApiFailure extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // fetch → parsed JSON (or text), or an ApiFailure with the server's error shape.
  // A POST of one uploaded file, or else of a JSON body; null when there is neither.
  function postInit(file, json) {
    if (file) {
      const body = new FormData();
      body.append("file", file, file.name);
      return { method: "POST", body: body };
    }
    if (json) {
      return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(json) };
    }
    return null;
  }

  async function api(path, init, asText) {
    const options = Object.assign({}, init || {});
    options.headers = Object.assign(headers(), options.headers || {});
    let response;
    try {
      response = await fetch(path, options);
    } catch (e) {
      throw new ApiFailure(0, "network", String(e));
    }
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      const err = data && data.error ? data.error : { code: "http_" + response.status, message: response.statusText };
      if (response.status === 401) $("token-box").open = true;
      throw new ApiFailure(response.status, err.code, err.message);
    }
    return asText ? response.text() : response.json();
  }

  function sayFailure(e) {
    if (e instanceof ApiFailure) {
      if (e.status === 0) say(t("msg.network", { error: e.message }), true);
      else say(t("msg.error", { status: e.status, text: errorText(e.code, e.message) }), true);
    } else {
      say(t("msg.network", { error: String(e) }), true);
    }
  }

  function fileName(uri) {
    return String(uri || "").split(/[\\/!]/).pop();
  }

  function num(value) {
    return typeof value === "number" ? value.toLocaleString(lang === "zh" ? "zh-CN" : "en") : "";
  }

  async function loadFieldLabels() {
    if (fieldLabels) return;
    try {
      const list = await api("/v1/fields");
      fieldLabels = new Map(list.map((f) => [f.id, f.label]));
    } catch (e) {
      fieldLabels = null; // a token still missing: the field ids alone are shown
    }
  }

  async function loadHealth() {
    try {
      health = await api("/healthz");
    } catch (e) {
      health = null;
    }
    showCapabilities();
  }

  function showCapabilities() {
    const notes = [];
    if (health && health.ocr === false) notes.push(t("cap.no_ocr"));
    if (health && health.legacy_word === false) notes.push(t("cap.no_doc"));
    $("caps").textContent = notes.join(" ");
  }

  // --- values of a record's fields -----------------------------------------------------------

  // The sum of the given fields that were read; `partial` when some of them were unreadable.
  function sum(fields, ids) {
    let total = 0;
    let seen = 0;
    let partial = false;
    for (const id of ids) {
      if (!Object.prototype.hasOwnProperty.call(fields, id)) continue;
      const v = fields[id];
      if (typeof v === "number") {
        total += v;
        seen += 1;
      } else {
        partial = true;
      }
    }
    return { value: seen ? total : null, partial: partial };
  }

  // The 总计 fields of one outcome of table 三. （六）其他处理 is one row in some tables and
  // three in others; where a record gives both, its `requests.other.all.total` is the sum.
  function outcomeIds(fields, outcome) {
    if (outcome === "granted" || outcome === "partially_granted") return ["requests." + outcome + ".total"];
    if (outcome === "other" && Object.prototype.hasOwnProperty.call(fields, "requests.other.all.total")) return ["requests.other.all.total"];
    const prefix = "requests." + outcome + ".";
    return Object.keys(fields).filter((k) => k.startsWith(prefix) && k.endsWith(".total"));
  }

  function outcomes(fields) {
    return OUTCOMES.map((o) => Object.assign({ outcome: o }, sum(fields, outcomeIds(fields, o))));
  }

  // --- charts --------------------------------------------------------------------------------

  function chart(id, option) {
    const node = $(id);
    const old = echarts.getInstanceByDom(node);
    if (old) old.dispose();
    const instance = echarts.init(node, null, { renderer: "canvas", locale: lang === "zh" ? "ZH" : "EN" });
    // richText tooltips are drawn on the canvas: no HTML is built from chart data, and the
    // page's Content-Security-Policy (no inline styles) has nothing to refuse.
    instance.setOption(Object.assign({ animation: false, aria: { enabled: true }, tooltip: { renderMode: "richText" } }, option));
    return instance;
  }

  function emptyChart(id, text) {
    return chart(id, { title: { text: text, left: "center", top: "middle", textStyle: { color: "#777", fontWeight: "normal", fontSize: 14 } } });
  }

  function note(id, text) {
    const p = $(id).parentNode.querySelector(".chart-note");
    if (p) p.textContent = text || "";
  }

  function renderReportCharts(record) {
    const fields = record.fields || {};
    const has = (id) => Object.prototype.hasOwnProperty.call(fields, id);
    const value = (id) => (typeof fields[id] === "number" ? fields[id] : null);

    if (APPLICANTS.some((a) => has("requests.new." + a))) {
      const series = [["new", "chart.new"], ["carried_over", "chart.carried_over"]]
        .filter(([row]) => APPLICANTS.some((a) => has("requests." + row + "." + a)))
        .map(([row, label]) => ({ name: t(label), type: "bar", stack: "a", data: APPLICANTS.map((a) => value("requests." + row + "." + a)) }));
      chart("chart-applicants", {
        legend: { type: "scroll", top: 0 },
        grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
        xAxis: { type: "category", data: APPLICANTS.map((a) => t("applicant." + a)), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value" },
        tooltip: { trigger: "axis", renderMode: "richText" },
        series: series,
      });
      const unread = APPLICANTS.some((a) => has("requests.new." + a) && value("requests.new." + a) === null);
      note("chart-applicants", unread ? t("chart.partial") : "");
    } else {
      emptyChart("chart-applicants", t("chart.nodata"));
      note("chart-applicants", "");
    }

    const parts = outcomes(fields);
    if (parts.some((p) => p.value !== null)) {
      chart("chart-outcomes", {
        legend: { type: "scroll", top: 0 },
        tooltip: { trigger: "item", renderMode: "richText" },
        series: [{
          type: "pie",
          radius: ["30%", "55%"],
          center: ["50%", "55%"],
          label: { formatter: "{b}\n{c}", overflow: "none" },
          data: parts.filter((p) => p.value !== null).map((p) => ({ name: t("outcome." + p.outcome), value: p.value })),
        }],
      });
      note("chart-outcomes", parts.some((p) => p.partial) ? t("chart.partial") : "");
    } else {
      emptyChart("chart-outcomes", t("chart.nodata"));
      note("chart-outcomes", "");
    }

    if (REVIEW_BLOCKS.some((b) => REVIEW_RESULTS.some((r) => has(b + "." + r)))) {
      chart("chart-review", {
        legend: { type: "scroll", top: 0 },
        grid: { left: 8, right: 24, bottom: 8, top: 40, containLabel: true },
        tooltip: { trigger: "axis", renderMode: "richText" },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: REVIEW_BLOCKS.map((b) => t("review." + b)), inverse: true },
        series: REVIEW_RESULTS.map((r) => ({
          name: t("review." + r),
          type: "bar",
          stack: "r",
          data: REVIEW_BLOCKS.map((b) => value(b + "." + r)),
        })),
      });
      const unread = REVIEW_BLOCKS.some((b) => REVIEW_RESULTS.some((r) => has(b + "." + r) && value(b + "." + r) === null));
      note("chart-review", unread ? t("chart.partial") : "");
    } else {
      emptyChart("chart-review", t("chart.nodata"));
      note("chart-review", "");
    }
  }

  // Equal-width bins from 0 that cover every value, about √n of them (at most 12).
  function histogram(values) {
    const max = Math.max(...values);
    const bins = Math.min(12, Math.max(1, Math.ceil(Math.sqrt(values.length))));
    const raw = (max + 1) / bins;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = Math.max(1, magnitude * [1, 2, 5, 10].find((m) => magnitude * m >= raw));
    const count = Math.floor(max / step) + 1;
    const labels = [];
    const counts = new Array(count).fill(0);
    for (let i = 0; i < count; i++) labels.push(step === 1 ? String(i) : i * step + "–" + ((i + 1) * step - 1));
    for (const v of values) counts[Math.floor(v / step)] += 1;
    return { labels: labels, counts: counts };
  }

  function renderBatchCharts() {
    const rows = state.rows;
    const totals = rows.map((r) => (r.fields || {})["requests.new.total"]).filter((v) => typeof v === "number");
    if (totals.length) {
      const h = histogram(totals);
      chart("chart-batch-requests", {
        grid: { left: 8, right: 16, bottom: 8, top: 30, containLabel: true },
        tooltip: { trigger: "axis", renderMode: "richText" },
        xAxis: { type: "category", name: t("chart.axis_requests"), data: h.labels },
        yAxis: { type: "value", name: t("chart.axis_reports"), minInterval: 1 },
        series: [{ type: "bar", name: t("chart.axis_reports"), data: h.counts }],
      });
    } else {
      emptyChart("chart-batch-requests", t("counts.none"));
    }

    const mix = OUTCOMES.map((o) => ({ outcome: o, value: 0, seen: false }));
    for (const r of rows) {
      outcomes(r.fields || {}).forEach((p, i) => {
        if (p.value !== null) {
          mix[i].value += p.value;
          mix[i].seen = true;
        }
      });
    }
    if (mix.some((m) => m.seen)) {
      chart("chart-batch-outcomes", {
        legend: { type: "scroll", top: 0 },
        tooltip: { trigger: "item", renderMode: "richText" },
        series: [{
          type: "pie",
          radius: ["30%", "55%"],
          center: ["50%", "55%"],
          label: { formatter: "{b}\n{d}%", overflow: "none" },
          data: mix.filter((m) => m.seen).map((m) => ({ name: t("outcome." + m.outcome), value: m.value })),
        }],
      });
    } else {
      emptyChart("chart-batch-outcomes", t("counts.none"));
    }

    const failing = (state.job.summary || {}).failing_checks || {};
    const rules = RULES.filter((r) => failing[r]);
    if (rules.length) {
      chart("chart-batch-checks", {
        grid: { left: 8, right: 24, bottom: 8, top: 16, containLabel: true },
        tooltip: { trigger: "axis", renderMode: "richText" },
        xAxis: { type: "value", name: t("chart.axis_reports"), minInterval: 1 },
        yAxis: { type: "category", data: rules, inverse: true },
        series: [{ type: "bar", name: t("chart.axis_reports"), data: rules.map((r) => failing[r]), label: { show: true, position: "right" } }],
      });
    } else {
      emptyChart("chart-batch-checks", t("counts.none"));
    }
  }

  // --- one document --------------------------------------------------------------------------

  async function submit(event) {
    event.preventDefault();
    const file = $("file").files[0];
    const url = $("url").value.trim();
    const init = postInit(file, url ? { url: url } : null);
    if (!init) {
      say(t("msg.choose"), true);
      return;
    }
    $("submit").disabled = true;
    $("result").hidden = true;
    $("batch-view").hidden = true;
    $("compare-view").hidden = true;
    say(t("msg.extracting"), false);
    try {
      const record = await api("/v1/extract", init);
      await loadFieldLabels();
      render(record, false);
      say(t("msg.done", { status: tv("status", record.status), tables: (record.tables || []).length }), false);
    } catch (e) {
      sayFailure(e);
    } finally {
      $("submit").disabled = false;
    }
  }

  function render(record, fromBatch) {
    state.record = record;
    const meta = record.metadata || {};
    $("report-title").textContent = meta.title || (record.source && record.source.uri) || t("report.untitled");
    const dl = $("meta");
    clear(dl);
    const period = meta.statistics_period;
    const rows = [
      ["meta.status", tv("status", record.status)],
      ["meta.agency", meta.agency],
      ["meta.year", meta.year],
      ["meta.template", tv("template", meta.template)],
      ["meta.publication_date", meta.publication_date],
      ["meta.period", period && period.start ? period.start + " – " + (period.end || "") : null],
      ["meta.source", record.source ? record.source.uri + " (" + record.source.kind + ")" : null],
      ["meta.score", typeof meta.report_score === "number" ? meta.report_score.toFixed(2) : null],
      ["meta.extractor", record.extractor_version],
    ];
    for (const [k, v] of rows) {
      if (v === undefined || v === null || v === "") continue;
      dl.appendChild(el("dt", t(k)));
      dl.appendChild(el("dd", v));
    }
    const problems = $("problems");
    clear(problems);
    for (const e of record.errors || []) problems.appendChild(el("li", t("problem.error") + " · " + errorText(e.code, e.message)));
    for (const w of record.warnings || []) {
      const key = "warning." + w.code;
      const text = lang === "zh" && Object.prototype.hasOwnProperty.call(I18N.zh, key) ? t("error.detail", { text: I18N.zh[key], code: w.code, message: w.message }) : w.message + " (" + w.code + ")";
      problems.appendChild(el("li", t("problem.warning") + " · " + text, "warning"));
    }

    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(record, null, 2)], { type: "application/json" }));
    const link = $("download");
    link.href = downloadUrl;
    const base = record.source && record.source.uri ? fileName(record.source.uri) : "record";
    link.download = (base.replace(/\.[^.]*$/, "") || "record") + ".json";

    $("back").hidden = !fromBatch;
    // Charts measure their container: the view is shown before they are drawn.
    $("compare-view").hidden = true;
    $("result").hidden = false;
    renderReportCharts(record);
    renderTables(record);
    renderChecks(record.checks || []);
    renderSections(record.sections || []);
    renderFields(record.fields || {});
    renderThemes(record.themes || [], record.theme_pairs || record.pairs || null);
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
      const tb = tables[ev.table - 1];
      if (!tb) continue;
      const header = tb.header || [];
      const body = tb.rows || [];
      const inBody = body[ev.row] && body[ev.row][ev.col] === ev.raw;
      const inGrid = ev.row < header.length ? header[ev.row] : body[ev.row - header.length];
      const row = inBody || !(inGrid && inGrid[ev.col] === ev.raw) ? ev.row + header.length : ev.row;
      (cells[ev.table] = cells[ev.table] || {})[row + ":" + ev.col] = fid;
    }
    tables.forEach((tb, i) => {
      const table = el("table", null, "grid");
      table.dataset.table = tb.id;
      const template = tb.template ? t("table.template", { template: tv("template", tb.template) }) : "";
      table.appendChild(el("caption", t("table.caption", { id: tb.id, kind: tv("kind", tb.kind), template: template })));
      const map = cells[i + 1] || {};
      const header = tb.header || [];
      const body = tb.rows || [];
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
    if (!tables.length) box.appendChild(el("p", t("tables.none")));
  }

  // A check's scope in the template's words: a field's label, a row's (its 总计 field's label),
  // an applicant column or a block of table 四; else the scope id itself.
  function scopeLabel(scope) {
    const labels = fieldLabels || new Map();
    if (labels.has(scope)) return labels.get(scope);
    if (labels.has(scope + ".total")) return labels.get(scope + ".total").replace(/\s*×\s*总计$/, "");
    const parts = scope.split(".");
    if (parts[0] === "requests" && parts.length === 2 && APPLICANTS.includes(parts[1])) return t("applicant." + parts[1]);
    if (REVIEW_BLOCKS.includes(scope)) return t("review." + scope);
    return scope;
  }

  function renderChecks(checks) {
    const tbody = $("checks").tBodies[0];
    clear(tbody);
    for (const c of checks) {
      const tr = el("tr", null, c.status);
      tr.dataset.rule = c.rule;
      const scope = el("td", lang === "zh" ? scopeLabel(c.scope) : c.scope);
      scope.title = c.scope;
      const described = "rule." + c.rule;
      const message = el("td", lang === "zh" && Object.prototype.hasOwnProperty.call(I18N.zh, described) ? t(described) : c.message);
      message.title = c.message;
      tr.appendChild(el("td", c.rule));
      tr.appendChild(scope);
      tr.appendChild(el("td", tv("check", c.status), "status"));
      tr.appendChild(el("td", c.expected === null || c.expected === undefined ? "" : c.expected));
      tr.appendChild(el("td", c.found === null || c.found === undefined ? "" : c.found));
      tr.appendChild(message);
      tbody.appendChild(tr);
    }
  }

  function renderSections(sections) {
    const box = $("sections");
    clear(box);
    for (const s of sections) {
      const d = el("details", null, "section");
      d.dataset.section = s.id;
      const title = s.title || "(" + tv("section", s.id) + ")";
      const summary = el("summary", t("sections.summary", { title: title, confidence: s.confidence }));
      summary.title = s.id;
      d.appendChild(summary);
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
      tr.appendChild(el("td", k, "id"));
      tr.appendChild(el("td", fieldLabels && fieldLabels.has(k) ? fieldLabels.get(k) : ""));
      tr.appendChild(el("td", v === null ? t("fields.unreadable") : v, "num"));
      tbody.appendChild(tr);
    }
  }

  // Pairs are {problem, measure} as indices into themes (or the theme objects themselves).
  function renderThemes(themes, pairs) {
    const tbody = $("themes").tBodies[0];
    clear(tbody);
    themes.forEach((th, i) => {
      const tr = document.createElement("tr");
      tr.appendChild(el("td", i));
      tr.appendChild(el("td", tv("label", th.label), "label-" + th.label));
      tr.appendChild(el("td", th.text));
      tr.appendChild(el("td", (th.keywords || []).join(lang === "zh" ? "、" : ", ")));
      tr.appendChild(el("td", typeof th.score === "number" ? th.score.toFixed(2) : th.score));
      tbody.appendChild(tr);
    });
    const box = $("pairs");
    clear(box);
    if (!Array.isArray(pairs) || !pairs.length) return;
    box.appendChild(el("h3", t("pairs.title")));
    const pick = (p) => (typeof p === "number" ? themes[p] : p);
    for (const pair of pairs) {
      const problem = pick(pair.problem);
      const measure = pick(pair.measure);
      const div = el("div", null, "pair");
      div.appendChild(el("p", t("pairs.problem") + (problem && problem.text ? problem.text : "—"), "label-problem"));
      div.appendChild(el("p", t("pairs.measure") + (measure && measure.text ? measure.text : "—"), "label-measure"));
      const how = pair.how ? t("pairs.how", { how: tv("how", pair.how) }) : "";
      const score = typeof pair.score === "number" ? t("pairs.score", { score: pair.score.toFixed(2) }) : "";
      if (how || score) div.appendChild(el("p", [how, score].filter(Boolean).join(lang === "zh" ? "，" : ", "), "hint"));
      box.appendChild(div);
    }
  }

  // --- batches -------------------------------------------------------------------------------

  async function submitBatch(event) {
    event.preventDefault();
    const file = $("archive").files[0];
    const urls = $("urls").value.split(/\s+/).map((u) => u.trim()).filter(Boolean);
    const init = postInit(file, urls.length ? { urls: urls } : null);
    if (!init) {
      say(t("msg.choose_batch"), true);
      return;
    }
    $("batch-submit").disabled = true;
    $("batch-view").hidden = true;
    $("result").hidden = true;
    $("compare-view").hidden = true;
    say(t("msg.uploading"), false);
    try {
      const job = await api("/v1/batches", init);
      history.replaceState(null, "", "#batch=" + job.id);
      follow(job.id);
    } catch (e) {
      sayFailure(e);
      $("batch-submit").disabled = false;
    }
  }

  // Poll the job until it is done, showing its progress; then the batch view.
  async function follow(id) {
    const ticket = ++state.poll;
    const bar = $("batch-progress");
    bar.hidden = false;
    bar.removeAttribute("value");
    $("batch-submit").disabled = true;
    try {
      for (;;) {
        const job = await api("/v1/batches/" + id);
        if (ticket !== state.poll) return;
        const p = job.progress || {};
        if (typeof p.total === "number") {
          bar.max = Math.max(1, p.total);
          bar.value = Math.min(p.done, p.total);
        }
        say(t("batch.progress", { id: id.slice(0, 8), state: tv("state", job.state), done: p.done, total: typeof p.total === "number" ? p.total : t("batch.unknown_total") }), false);
        if (job.state === "done") {
          const data = await api(job.links.reports);
          if (ticket !== state.poll) return;
          // The bodies through the years; a batch without them still shows its table.
          const years = await api("/v1/batches/" + id + "/bodies").catch(() => ({ bodies: [] }));
          if (ticket !== state.poll) return;
          state.job = job;
          state.rows = data.reports;
          state.bodies = years.bodies;
          state.series = null;
          state.picked = [];
          await loadFieldLabels();
          showBatch();
          return;
        }
        if (job.state === "failed") {
          say(t("batch.job_failed", { error: job.error || "" }), true);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } catch (e) {
      if (ticket === state.poll) sayFailure(e);
    } finally {
      if (ticket === state.poll) {
        bar.hidden = true;
        $("batch-submit").disabled = false;
      }
    }
  }

  function showBatch() {
    $("result").hidden = true;
    $("compare-view").hidden = true;
    $("batch-view").hidden = false;
    renderBatch();
  }

  function chip(text, onClick) {
    const b = el("button", text, "chip");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function setFilter(id, value) {
    $(id).value = value;
    renderRows();
  }

  function renderBatch() {
    const job = state.job;
    const summary = job.summary || {};
    const rows = state.rows;
    $("batch-documents").textContent = t("batch.documents", { n: rows.length });

    const counts = $("batch-counts");
    clear(counts);
    const group = (title, entries, filterId) => {
      const box = el("div", null, "count-group");
      box.appendChild(el("h4", title));
      if (!entries.length) box.appendChild(el("span", t("counts.none"), "hint"));
      for (const [key, label, n] of entries) box.appendChild(chip(label + " " + n, () => setFilter(filterId, key)));
      counts.appendChild(box);
    };
    const byStatus = summary.by_status || {};
    group(t("counts.status"), Object.keys(byStatus).map((k) => [k, tv("status", k), byStatus[k]]), "filter-status");
    const byTemplate = summary.by_template || {};
    group(t("counts.template"), Object.keys(byTemplate).map((k) => [k, tv("template", k), byTemplate[k]]), "filter-template");
    const failing = summary.failing_checks || {};
    group(t("counts.checks"), RULES.filter((r) => failing[r]).map((r) => [r, t("rule." + r), failing[r]]), "filter-check");

    renderDownloads(job);
    fillSelect("filter-status", rows.map((r) => r.status), (v) => tv("status", v));
    fillSelect("filter-template", rows.map((r) => r.template || "unknown"), (v) => tv("template", v));
    fillSelect("filter-check", rows.flatMap((r) => r.failing), (v) => v);
    renderHead();
    renderRows();
    renderBatchCharts();
    renderBodies();
  }

  function fillSelect(id, values, label) {
    const select = $(id);
    const keep = select.value;
    clear(select);
    const any = el("option", t("filter.any"));
    any.value = "";
    select.appendChild(any);
    for (const v of [...new Set(values.filter((x) => x !== null && x !== undefined))].sort()) {
      const o = el("option", label(v));
      o.value = v;
      select.appendChild(o);
    }
    select.value = [...select.options].some((o) => o.value === keep) ? keep : "";
  }

  function download(li, href, label, name) {
    const a = el("a", label);
    a.href = href;
    a.download = name;
    // A link cannot send the token: with one, the file is fetched and handed over as a blob.
    a.addEventListener("click", async (event) => {
      if (!headers()["Authorization"]) return;
      event.preventDefault();
      try {
        const text = await fetch(href, { headers: headers() }).then((r) => (r.ok ? r.blob() : Promise.reject(new Error(r.status))));
        const url = URL.createObjectURL(text);
        const tmp = document.createElement("a");
        tmp.href = url;
        tmp.download = name;
        tmp.click();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (e) {
        sayFailure(e);
      }
    });
    li.appendChild(a);
  }

  function renderDownloads(job) {
    const list = $("batch-downloads");
    clear(list);
    const item = (id) => {
      const li = el("li");
      li.id = id;
      list.appendChild(li);
      return li;
    };
    download(item("dl-jsonl"), job.links.records, t("dl.jsonl"), job.id + ".jsonl");
    download(item("dl-csv"), job.links.dataset, t("dl.csv"), job.id + ".csv");
    // The workbook is linked only when the batch wrote one (links.excel), never as a dead link.
    if (job.links.excel) download(item("dl-xlsx"), job.links.excel, t("dl.xlsx"), job.id + ".xlsx");
    else item("dl-xlsx-missing").appendChild(el("span", t("dl.xlsx_missing"), "hint"));
  }

  function field(row, id) {
    const v = (row.fields || {})[id];
    return typeof v === "number" ? v : null;
  }

  const COLUMNS = [
    { key: "agency", label: "col.agency", value: (r) => r.agency || r.title || fileName(r.uri) },
    { key: "year", label: "col.year", value: (r) => r.year, show: (v) => (v === null || v === undefined ? "" : String(v)), num: true },
    { key: "template", label: "col.template", value: (r) => r.template, show: (v) => tv("template", v) },
    { key: "status", label: "col.status", value: (r) => r.status, show: (v) => tv("status", v) },
    { key: "new", label: "col.new", value: (r) => field(r, "requests.new.total"), num: true },
    { key: "granted", label: "col.granted", value: (r) => field(r, "requests.granted.total"), num: true },
    { key: "results", label: "col.results", value: (r) => field(r, "requests.results_total.total"), num: true },
    { key: "review", label: "col.review", value: (r) => field(r, "review.total"), num: true },
    {
      key: "litigation",
      label: "col.litigation",
      value: (r) => {
        const a = field(r, "litigation_direct.total");
        const b = field(r, "litigation_after_review.total");
        return a === null || b === null ? null : a + b;
      },
      num: true,
    },
    {
      key: "problems",
      label: "col.problems",
      value: (r) => r.failing.length + r.errors.length,
      show: (v, r) => [...r.failing, ...r.errors.map((c) => (lang === "zh" && I18N.zh["error." + c] ? I18N.zh["error." + c] : c))].join(lang === "zh" ? "、" : ", "),
      num: true,
    },
    { key: "source", label: "col.source", value: (r) => fileName(r.uri) },
  ];

  function renderHead() {
    const tr = $("batch-table").tHead.rows[0];
    clear(tr);
    for (const col of COLUMNS) {
      const th = el("th", t(col.label));
      th.dataset.key = col.key;
      th.tabIndex = 0;
      th.setAttribute("aria-sort", state.sort.key === col.key ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
      const sortBy = () => {
        state.sort = { key: col.key, dir: state.sort.key === col.key ? -state.sort.dir : 1 };
        renderHead();
        renderRows();
      };
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter") sortBy(); });
      tr.appendChild(th);
    }
    const pick = el("th", t("col.pick"));
    pick.dataset.key = "pick";
    tr.appendChild(pick);
  }

  function visibleRows() {
    const text = $("filter-text").value.trim().toLowerCase();
    const status = $("filter-status").value;
    const template = $("filter-template").value;
    const check = $("filter-check").value;
    const col = COLUMNS.find((c) => c.key === state.sort.key) || COLUMNS[0];
    const collator = new Intl.Collator(lang === "zh" ? "zh-CN" : "en", { numeric: true });
    return state.rows
      .filter((r) => !text || [r.agency, r.title, r.uri].some((v) => v && String(v).toLowerCase().includes(text)))
      .filter((r) => !status || r.status === status)
      .filter((r) => !template || (r.template || "unknown") === template)
      .filter((r) => !check || r.failing.includes(check))
      .sort((a, b) => {
        const x = col.value(a);
        const y = col.value(b);
        // Missing values last, whichever the direction.
        if (x === null || x === undefined || x === "") return y === null || y === undefined || y === "" ? a.index - b.index : 1;
        if (y === null || y === undefined || y === "") return -1;
        const order = col.num ? x - y : collator.compare(String(x), String(y));
        return order * state.sort.dir || a.index - b.index;
      });
  }

  function renderRows() {
    const tbody = $("batch-table").tBodies[0];
    clear(tbody);
    const rows = visibleRows();
    for (const r of rows) {
      const tr = el("tr", null, "report-row " + (r.status || ""));
      tr.dataset.index = r.index;
      tr.tabIndex = 0;
      if (r.failing.length) tr.classList.add("failing");
      for (const col of COLUMNS) {
        const v = col.value(r);
        const shown = col.show ? col.show(v, r) : col.num ? num(v) : v;
        const td = el("td", shown === null || shown === undefined ? "" : shown, col.num && !col.show ? "num" : null);
        td.dataset.key = col.key;
        tr.appendChild(td);
      }
      const pick = el("td");
      pick.dataset.key = "pick";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = state.picked.includes(r.index);
      box.disabled = r.status === "failed";
      box.setAttribute("aria-label", t("col.pick"));
      // Ticking is not opening: the row's own click and Enter open the report.
      box.addEventListener("click", (e) => e.stopPropagation());
      box.addEventListener("keydown", (e) => e.stopPropagation());
      box.addEventListener("change", () => togglePick(r.index));
      pick.appendChild(box);
      tr.appendChild(pick);
      tr.title = r.uri;
      tr.addEventListener("click", () => openReport(r.index));
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") openReport(r.index); });
      tbody.appendChild(tr);
    }
    $("filter-count").textContent = t("filter.count", { shown: rows.length, total: state.rows.length });
    $("compare-picked").disabled = state.picked.length !== 2;
    $("picked-count").textContent = t("batch.picked", { n: state.picked.length });
  }

  async function openReport(index) {
    say(t("msg.loading"), false);
    try {
      const record = await api("/v1/batches/" + state.job.id + "/records/" + index);
      $("batch-view").hidden = true;
      render(record, true);
      say("", false);
      $("result").scrollIntoView();
    } catch (e) {
      sayFailure(e);
    }
  }

  // --- year over year -------------------------------------------------------------------------

  async function submitCompare(event) {
    event.preventDefault();
    const form = new FormData();
    const urls = {};
    let files = 0;
    for (const side of ["old", "new"]) {
      const file = $(side + "-file").files[0];
      const url = $(side + "-url").value.trim();
      if (file) {
        form.append(side, file, file.name);
        files += 1;
      } else if (url) {
        form.append(side + "_url", url);
        urls[side] = url;
      } else {
        say(t("msg.choose_compare"), true);
        return;
      }
    }
    const init = files
      ? { method: "POST", body: form }
      : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(urls) };
    $("compare-submit").disabled = true;
    $("result").hidden = true;
    $("batch-view").hidden = true;
    $("compare-view").hidden = true;
    say(t("msg.comparing"), false);
    try {
      const result = await api("/v1/compare", init);
      await loadFieldLabels();
      renderCompare(result, false);
      say(compareDone(result), false);
    } catch (e) {
      sayFailure(e);
    } finally {
      $("compare-submit").disabled = false;
    }
  }

  function compareDone(c) {
    return t("msg.compare_done", {
      changed: c.fields.filter((f) => f.change !== 0).length,
      failing: c.cross_checks.filter((x) => x.status === "fail").length,
      repeated: c.problems.filter((p) => p.repeated).length,
    });
  }

  // Two records of the batch: the earlier year is the old one (by line when a year is missing).
  async function openCompare(a, b) {
    const rows = [a, b].map((i) => state.rows.find((r) => r.index === i) || { index: i });
    rows.sort((x, y) => (typeof x.year === "number" && typeof y.year === "number" && x.year !== y.year ? x.year - y.year : x.index - y.index));
    say(t("msg.loading"), false);
    try {
      const result = await api("/v1/batches/" + state.job.id + "/compare?old=" + rows[0].index + "&new=" + rows[1].index);
      renderCompare(result, true);
      say(compareDone(result), false);
      $("compare-view").scrollIntoView();
    } catch (e) {
      sayFailure(e);
    }
  }

  function togglePick(index) {
    const at = state.picked.indexOf(index);
    if (at >= 0) state.picked.splice(at, 1);
    else state.picked.push(index);
    // Two at most: a third tick replaces the first.
    if (state.picked.length > 2) state.picked.shift();
    renderRows();
  }

  function signed(value) {
    if (typeof value !== "number") return "";
    return (value > 0 ? "+" : "") + num(value);
  }

  // A field id (or a sum of ids, for the 2019 ↔ 2021 mapping) in the template's words.
  function fieldLabel(id) {
    if (!fieldLabels) return "";
    return id.split("+").map((part) => fieldLabels.get(part) || part).join(" + ");
  }

  function fieldRows(tableId, changes) {
    const tbody = $(tableId).tBodies[0];
    clear(tbody);
    for (const f of changes) {
      const tr = document.createElement("tr");
      tr.dataset.field = f.field;
      const id = el("td", f.field, "id");
      if (f.how === "mapped") id.title = f.old_field + " → " + f.new_field;
      tr.appendChild(id);
      tr.appendChild(el("td", fieldLabel(f.field)));
      tr.appendChild(el("td", num(f.old), "num"));
      tr.appendChild(el("td", num(f.new), "num"));
      const change = el("td", signed(f.change), "num");
      change.dataset.col = "change";
      if (f.change > 0) change.classList.add("up");
      if (f.change < 0) change.classList.add("down");
      tr.appendChild(change);
      const pct = el("td", typeof f.change_pct === "number" ? signed(f.change_pct) + "%" : "—", "num");
      pct.dataset.col = "pct";
      tr.appendChild(pct);
      tbody.appendChild(tr);
    }
    if (!changes.length) {
      const tr = document.createElement("tr");
      const td = el("td", t("cmp.none"), "hint");
      td.colSpan = 6;
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
  }

  function renderChangedFields() {
    const c = state.comparison;
    const all = $("cmp-all").checked;
    const changed = c.fields.filter((f) => f.change !== 0);
    const shown = all ? c.fields : changed;
    fieldRows("cmp-fields", shown);
    $("cmp-count").textContent = t("cmp.count", { shown: shown.length, total: c.fields.length, changed: changed.length });
  }

  // The server's reason in the reader's language (its own words kept in the title).
  function reasonText(reason) {
    const other = (side) => t("cmp.side." + side);
    let m = /^only in the (\S+) format; the (old|new) report is (\S+)$/.exec(reason);
    if (m) return t("cmp.reason.format", { format: m[1], other: other(m[2]), template: m[3] });
    m = /^not reported in the (old|new) report$/.exec(reason);
    if (m) return t("cmp.reason.unreported", { other: other(m[1]) });
    m = /^unreadable in the (old|new) report/.exec(reason);
    if (m) return t("cmp.reason.unreadable", { other: other(m[1]) });
    if (reason === "unreadable in both reports") return t("cmp.reason.both");
    return reason;
  }

  function emptyRow(tbody, text, span) {
    const tr = document.createElement("tr");
    const td = el("td", text, "hint");
    td.colSpan = span;
    tr.appendChild(td);
    tbody.appendChild(tr);
  }

  function renderCompare(c, fromBatch) {
    state.comparison = c;
    $("result").hidden = true;
    $("batch-view").hidden = true;
    $("compare-back").hidden = !fromBatch;

    const identity = $("cmp-identity").tBodies[0];
    clear(identity);
    const facts = [
      ["cmp.id.agency", (x) => x.agency],
      ["cmp.id.year", (x) => x.year],
      ["cmp.id.template", (x) => tv("template", x.template)],
      ["cmp.id.status", (x) => tv("status", x.status)],
      ["cmp.id.source", (x) => fileName(x.uri)],
    ];
    for (const [key, value] of facts) {
      const tr = document.createElement("tr");
      tr.appendChild(el("th", t(key)));
      tr.appendChild(el("td", value(c.old)));
      tr.appendChild(el("td", value(c.new)));
      identity.appendChild(tr);
    }
    const warnings = $("cmp-warnings");
    clear(warnings);
    for (const w of c.warnings || []) {
      const li = el("li", t("problem.warning") + " · " + t("cmp.warn." + w.code), "warning");
      li.title = w.message;
      li.dataset.code = w.code;
      warnings.appendChild(li);
    }

    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(c, null, 2)], { type: "application/json" }));
    const link = $("cmp-download");
    link.href = downloadUrl;
    link.download = "comparison-" + (c.old.year || "old") + "-" + (c.new.year || "new") + ".json";

    renderChangedFields();
    fieldRows("cmp-moved", c.moved_most || []);

    const cross = $("cmp-cross").tBodies[0];
    clear(cross);
    for (const x of c.cross_checks) {
      const tr = el("tr", null, x.status);
      tr.dataset.rule = x.rule;
      tr.dataset.scope = x.scope;
      const rule = el("td", x.rule);
      rule.title = t("rule." + x.rule);
      tr.appendChild(rule);
      const scope = el("td", lang === "zh" ? scopeLabel(x.scope) : x.scope);
      scope.title = x.scope;
      tr.appendChild(scope);
      tr.appendChild(el("td", tv("check", x.status), "status"));
      tr.appendChild(el("td", num(x.expected), "num"));
      tr.appendChild(el("td", num(x.found), "num"));
      cross.appendChild(tr);
    }
    if (!c.cross_checks.length) emptyRow(cross, t("cmp.cross.none"), 5);

    const problems = $("cmp-problems").tBodies[0];
    clear(problems);
    for (const p of c.problems) {
      const tr = el("tr", null, p.repeated ? "repeated" : "new-problem");
      tr.appendChild(el("td", p.new_text));
      tr.appendChild(el("td", p.old_text || "—"));
      tr.appendChild(el("td", p.score.toFixed(2), "num"));
      tr.appendChild(el("td", t(p.repeated ? "cmp.repeated" : "cmp.not_repeated"), "verdict"));
      problems.appendChild(tr);
    }
    if (!c.problems.length) emptyRow(problems, t("cmp.no_problems"), 4);

    const measures = $("cmp-measures").tBodies[0];
    clear(measures);
    for (const m of c.measures) {
      const tr = el("tr", null, m.followed_up ? "followed" : "not-followed");
      tr.appendChild(el("td", m.measure));
      const as = m.matched_label ? t("cmp.matched_as", { label: tv("label", m.matched_label) }) : "";
      tr.appendChild(el("td", m.matched_text ? m.matched_text + as : "—"));
      tr.appendChild(el("td", m.score.toFixed(2), "num"));
      tr.appendChild(el("td", t(m.followed_up ? "cmp.followed" : "cmp.not_followed"), "verdict"));
      measures.appendChild(tr);
    }
    if (!c.measures.length) emptyRow(measures, t("cmp.no_measures"), 4);

    const nc = $("cmp-nc").tBodies[0];
    clear(nc);
    for (const n of c.not_comparable) {
      const tr = document.createElement("tr");
      tr.dataset.field = n.field;
      tr.appendChild(el("td", n.field, "id"));
      tr.appendChild(el("td", fieldLabel(n.field)));
      tr.appendChild(el("td", t("cmp.side." + n.side)));
      const reason = el("td", lang === "zh" ? reasonText(n.reason) : n.reason);
      reason.title = n.reason;
      tr.appendChild(reason);
      nc.appendChild(tr);
    }
    if (!c.not_comparable.length) emptyRow(nc, t("cmp.none"), 4);

    const sim = c.similarity || {};
    $("cmp-method").textContent = t("cmp.method", { repeat: sim.repeat_threshold, followup: sim.followup_threshold });
    $("compare-view").hidden = false;
  }

  // The batch's bodies: a picker, the chosen body's series as a chart, its consecutive pairs.
  function renderBodies() {
    const select = $("series-body");
    const keep = select.value;
    clear(select);
    for (const b of state.bodies) {
      const years = b.years.length > 1 ? b.years[0] + "–" + b.years[b.years.length - 1] : String(b.years[0]);
      const o = el("option", t("series.option", { agency: b.agency, years: years }));
      o.value = b.agency;
      select.appendChild(o);
    }
    $("series-none").hidden = state.bodies.length > 0;
    if (!state.bodies.length) {
      emptyChart("chart-series", t("series.none"));
      $("series-caption").textContent = "";
      clear($("series-pairs"));
      return;
    }
    select.value = state.bodies.some((b) => b.agency === keep) ? keep : state.bodies[0].agency;
    if (state.series && state.series.agency === select.value) drawSeries();
    else loadSeries();
  }

  async function loadSeries() {
    const agency = $("series-body").value;
    if (!agency || !state.job) return;
    try {
      const data = await api("/v1/batches/" + state.job.id + "/series?agency=" + encodeURIComponent(agency));
      if ($("series-body").value !== agency) return;
      state.series = data;
      drawSeries();
    } catch (e) {
      sayFailure(e);
    }
  }

  function drawSeries() {
    const s = state.series;
    const body = state.bodies.find((b) => b.agency === $("series-body").value);
    $("series-caption").textContent = t("series.caption", { agency: s.agency });
    const values = (ids) => s.years.map((_, i) => {
      const parts = ids.map((id) => (s.fields[id] || [])[i]);
      return parts.every((v) => typeof v === "number") ? parts.reduce((a, b) => a + b, 0) : null;
    });
    const series = SERIES.map((k) => ({ name: t(k.label), type: k.type, data: values(k.ids), connectNulls: false }))
      .filter((x) => x.data.some((v) => v !== null));
    if (!series.length) {
      emptyChart("chart-series", t("chart.nodata"));
    } else {
      chart("chart-series", {
        legend: { type: "scroll", top: 0 },
        grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
        tooltip: { trigger: "axis", renderMode: "richText" },
        xAxis: { type: "category", data: s.years.map(String) },
        yAxis: { type: "value", minInterval: 1 },
        series: series,
      });
    }
    const box = $("series-pairs");
    clear(box);
    const pairs = body ? body.pairs : [];
    if (!pairs.length) box.appendChild(el("span", t("series.no_pairs"), "hint"));
    for (const p of pairs) {
      const b = el("button", t("series.pair", { old: p.old_year, new: p.new_year }), "chip pair-button");
      b.type = "button";
      b.dataset.old = p.old;
      b.dataset.new = p.new;
      b.addEventListener("click", () => openCompare(p.old, p.new));
      box.appendChild(b);
    }
  }

  // --- wiring --------------------------------------------------------------------------------

  function showChosen(inputId, nameId) {
    const file = $(inputId).files[0];
    $(nameId).textContent = file ? t("file.chosen", { name: file.name }) : "";
  }

  // A drop zone: the file input inside it also takes files dropped anywhere on the zone.
  function dropZone(zoneId, inputId, nameId, onChosen) {
    const zone = $(zoneId);
    const input = $(inputId);
    const over = (e) => {
      e.preventDefault();
      zone.classList.add("over");
    };
    zone.addEventListener("dragenter", over);
    zone.addEventListener("dragover", over);
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      const dt = new DataTransfer();
      dt.items.add(e.dataTransfer.files[0]);
      input.files = dt.files;
      input.dispatchEvent(new Event("change"));
    });
    input.addEventListener("change", () => {
      showChosen(inputId, nameId);
      if (input.files.length) onChosen();
    });
  }

  function selectTab(which) {
    for (const name of ["one", "batch", "compare"]) {
      $("tab-" + name).setAttribute("aria-selected", String(name === which));
      $("panel-" + name).hidden = name !== which;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyStatic();
    loadHealth();
    $("lang").addEventListener("click", () => setLanguage(lang === "zh" ? "en" : "zh"));
    $("tab-one").addEventListener("click", () => selectTab("one"));
    $("tab-batch").addEventListener("click", () => selectTab("batch"));
    $("tab-compare").addEventListener("click", () => selectTab("compare"));
    $("compare-form").addEventListener("submit", submitCompare);
    for (const side of ["old", "new"]) {
      dropZone(side + "-drop", side + "-file", side + "-name", () => { $(side + "-url").value = ""; });
      $(side + "-url").addEventListener("input", () => {
        if ($(side + "-url").value) {
          $(side + "-file").value = "";
          showChosen(side + "-file", side + "-name");
        }
      });
    }
    $("cmp-all").addEventListener("change", () => { if (state.comparison) renderChangedFields(); });
    $("compare-picked").addEventListener("click", () => { if (state.picked.length === 2) openCompare(state.picked[0], state.picked[1]); });
    $("series-body").addEventListener("change", loadSeries);
    $("compare-back").addEventListener("click", () => {
      showBatch();
      say("", false);
      $("batch-view").scrollIntoView();
    });
    $("extract-form").addEventListener("submit", submit);
    $("batch-form").addEventListener("submit", submitBatch);
    $("token-form").addEventListener("submit", (e) => e.preventDefault());
    // One source at a time: choosing a file clears the URL and the other way round.
    dropZone("drop", "file", "file-name", () => { $("url").value = ""; });
    dropZone("batch-drop", "archive", "archive-name", () => { $("urls").value = ""; });
    $("url").addEventListener("input", () => { if ($("url").value) { $("file").value = ""; showChosen("file", "file-name"); } });
    $("urls").addEventListener("input", () => { if ($("urls").value) { $("archive").value = ""; showChosen("archive", "archive-name"); } });
    for (const id of ["filter-text", "filter-status", "filter-template", "filter-check"]) $(id).addEventListener("input", renderRows);
    $("back").addEventListener("click", () => {
      showBatch();
      say("", false);
      $("batch-view").scrollIntoView();
    });
    window.addEventListener("resize", () => {
      for (const node of document.querySelectorAll(".chart")) {
        const instance = echarts.getInstanceByDom(node);
        if (instance) instance.resize();
      }
    });
    const hash = /^#batch=([0-9a-f]+)$/.exec(location.hash);
    if (hash && BATCH_ID.test(hash[1])) {
      selectTab("batch");
      follow(hash[1]);
    }
  });
})();
