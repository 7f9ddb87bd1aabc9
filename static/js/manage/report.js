/* The period report: pick a period (presets or custom, moved with ‹ ›), see the tiles, the
 * charts (report-charts.js) and the tables by area, counter, clerk and time, satisfaction
 * by unit and level and the reasons cited; export to Excel or CSV, or print (report.css).
 * Every figure comes from GET /api/v1/reports; this module only lays it out. */
import { byId, el, url } from "../lib/dom.js";
import { get } from "../lib/http.js";
import { t } from "../lib/i18n.js";
import { drawCharts, resizeCharts } from "./report-charts.js";
import { clipped, periodAround, periodWords, shifted } from "./report-period.js";
import { config } from "./state.js";
import { emptyRow, failed } from "./ui.js";

const COUNT = new Intl.NumberFormat("vi-VN");
const DECIMAL = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const GRAIN = { day: ["Theo ngày", "By day"], week: ["Theo tuần", "By week"], month: ["Theo tháng", "By month"] };
const period = { preset: "month", from: null, to: null };

/** A figure as the page shows it: counts 1.234, minutes 7,5, shares 57,1 %, none —. */
export function shown(value, kind) {
  if (value === null || value === undefined) return "—";
  if (kind === "share") return `${DECIMAL.format(value * 100)} %`;
  if (kind === "minutes") return DECIMAL.format(value);
  return COUNT.format(value);
}

function cell(tag, text, cls) {
  const node = el(tag, cls || "", text);
  return node;
}

function fillTable(table, header, rows) {
  table.tHead.replaceChildren(el("tr"));
  table.tHead.rows[0].append(...header.map((label) => cell("th", label)));
  table.tBodies[0].replaceChildren(...rows);
  if (!rows.length) emptyRow(table.tBodies[0], header.length, "Không có số liệu", "No data");
}

function figureRow(group, fields, total = false) {
  const row = el("tr", total ? "total" : "");
  row.append(cell("td", group.name, "name"));
  for (const field of fields) {
    const td = cell("td", shown(group[field.key], field.kind), "num");
    td.dataset.field = field.key;
    row.append(td);
  }
  return row;
}

function figures(table, groups, totals, fields, label) {
  const rows = groups.map((group) => figureRow(group, fields));
  if (groups.length) rows.push(figureRow({ name: t("Toàn trung tâm", "Whole centre"), ...totals }, fields, true));
  fillTable(table, [label, ...fields.map((f) => t(f.vi, f.en))], rows);
}

function satisfactionTable(report) {
  const levels = report.scale.levels;
  const row = (group, cls) => {
    const line = el("tr", cls || "");
    line.append(cell("td", group.name, "name"),
                ...levels.map((lv) => cell("td", shown(group.levels[String(lv.value)], "count"), "num")),
                cell("td", shown(group.ratings, "count"), "num"), cell("td", shown(group.satisfaction, "share"), "num"));
    return line;
  };
  const heading = (vi, en) => {
    const line = el("tr", "group-head");
    const th = cell("th", t(vi, en));
    th.colSpan = levels.length + 3;
    line.append(th);
    return line;
  };
  const rows = [heading("Theo lĩnh vực", "By service area"), ...report.by.area.map((g) => row(g)),
                heading("Theo cán bộ", "By clerk"), ...report.by.clerk.filter((g) => g.ratings).map((g) => row(g)),
                row({ name: t("Toàn trung tâm", "Whole centre"), ...report.totals }, "total")];
  fillTable(byId("report-satisfaction"), [t("Đơn vị", "Unit"), ...levels.map((lv) => t(lv.label, lv.label_en)),
                                          t("Tổng lượt", "Ratings"), t("Tỷ lệ hài lòng", "Satisfied")], rows);
}

function reasonsTable(report) {
  const rows = report.reasons.map((reason) => {
    const line = el("tr");
    line.append(cell("td", t(reason.label, reason.label_en), "name"), cell("td", shown(reason.count, "count"), "num"));
    return line;
  });
  fillTable(byId("report-reasons"), [t("Lý do", "Reason"), t("Số lần nêu", "Times cited")], rows);
}

function tiles(report) {
  const kinds = Object.fromEntries(report.fields.map((f) => [f.key, f.kind]));
  for (const tile of byId("report-tiles").querySelectorAll("[data-tile]")) {
    const key = tile.dataset.tile;
    tile.querySelector(".tile-number").textContent = shown(report.totals[key], kinds[key]);
  }
}

function render(report) {
  const fields = report.fields.filter((f) => f.page);
  const personal = fields.filter((f) => f.key !== "issued");     // a counter or a clerk issues nothing
  figures(byId("report-area"), report.by.area, report.totals, fields, t("Lĩnh vực", "Service area"));
  figures(byId("report-counter"), report.by.counter, report.totals, personal, t("Quầy", "Counter"));
  figures(byId("report-clerk"), report.by.clerk, report.totals, personal, t("Cán bộ", "Clerk"));
  const grain = report.period.grain;
  byId("report-time-title").textContent = t(...GRAIN[grain]);
  figures(byId("report-time"), report.by[grain], report.totals, fields, t(...GRAIN[grain]));
  satisfactionTable(report);
  reasonsTable(report);
  tiles(report);
  byId("report-period-text").textContent = `${periodWords(report.period.from, report.period.to)} (${report.period.days} ngày)`;
  byId("report-generated").textContent = `Lập lúc ${report.generated_at.slice(11, 16)} ngày ${report.generated_at.slice(0, 10).split("-").reverse().join("/")} — Lượt`;
}

function setPeriod(from, to) {
  [period.from, period.to] = clipped([from, to], config.today);
  byId("report-from").value = period.from;
  byId("report-to").value = period.to;
  byId("report-later").disabled = period.to >= config.today;
  for (const button of document.querySelectorAll("[data-preset]")) {
    button.classList.toggle("is-current", button.dataset.preset === period.preset);
    button.setAttribute("aria-pressed", String(button.dataset.preset === period.preset));
  }
}

/** Fetch and show the report of the chosen period. */
export async function loadReport(e) {
  if (e) e.preventDefault();
  if (!period.from) setPeriod(...periodAround(period.preset, config.today));
  const query = `from=${period.from}&to=${period.to}`;
  byId("report-xlsx").href = url(`/api/v1/reports?${query}&format=xlsx`);
  byId("report-csv").href = url(`/api/v1/reports?${query}&format=csv`);
  let report;
  try { report = await get(`/api/v1/reports?${query}`); } catch (error) { failed(error); return; }
  render(report);
  byId("view-report").dataset.loaded = query;
  try { await drawCharts(report); } catch (error) { failed(error); }
}

function choose(preset) {
  period.preset = preset;
  if (preset !== "custom") setPeriod(...periodAround(preset, config.today));
  else setPeriod(period.from, period.to);
  if (preset !== "custom") loadReport();
  else byId("report-from").focus();
}

function typed() {
  period.preset = "custom";
  const from = byId("report-from").value, to = byId("report-to").value;
  if (from && to) setPeriod(from <= to ? from : to, from <= to ? to : from);
}

export function wireReport() {
  byId("report-form").addEventListener("submit", loadReport);
  for (const button of document.querySelectorAll("[data-preset]")) {
    button.addEventListener("click", () => choose(button.dataset.preset));
  }
  byId("report-from").addEventListener("change", typed);
  byId("report-to").addEventListener("change", typed);
  for (const [id, step] of [["report-earlier", -1], ["report-later", 1]]) {
    byId(id).addEventListener("click", () => {
      setPeriod(...shifted(period.preset, period.from, period.to, step));
      loadReport();
    });
  }
  byId("report-print").addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", resizeCharts);
  window.addEventListener("afterprint", resizeCharts);
}
