/* The day report: totals, then figures by area, counter and clerk (and the Excel link). */
import { byId, clone } from "../lib/dom.js";
import { get } from "../lib/http.js";
import { areaName, config, counterName } from "./state.js";
import { emptyRow, failed } from "./ui.js";

const number = (value) => (value === null || value === undefined ? "—" : String(value).replace(".", ","));

/** The tiles: tickets, served, no-shows, average and longest wait over every area. */
function renderTiles(report) {
  let tickets = 0, served = 0, noShow = 0, weight = 0, weighted = 0, longest = null;
  for (const row of report.by_area) {
    tickets += row.tickets; served += row.served; noShow += row.no_show;
    if (row.avg_wait_min !== null) { weight += row.tickets; weighted += row.avg_wait_min * row.tickets; }
    if (row.max_wait_min !== null) longest = Math.max(longest || 0, row.max_wait_min);
  }
  const average = weight ? weighted / weight : null;
  const values = { tickets, served, no_show: noShow,
                   avg_wait: average === null ? null : average.toFixed(1), max_wait: longest };
  for (const tile of byId("report-tiles").querySelectorAll("[data-tile]")) {
    const value = values[tile.dataset.tile];
    tile.querySelector(".tile-number").textContent = number(value);
    const unit = tile.querySelector("small");
    if (unit) unit.hidden = value === null;
  }
}

function figureRows(table, rows, key, nameOf) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows.map((row) => {
    const line = clone("figure-row-template");
    line.querySelector(".name").textContent = nameOf(row[key]);
    for (const cell of line.querySelectorAll("[data-field]")) cell.textContent = number(row[cell.dataset.field]);
    return line;
  }));
  if (!rows.length) emptyRow(body, table.tHead.rows[0].cells.length, "Không có số liệu", "No data");
}

export async function loadReport(e) {
  if (e) e.preventDefault();
  const day = byId("report-date").value || config.today;
  const query = `date=${encodeURIComponent(day)}`;
  byId("report-xlsx").href = `/api/v1/reports/day?${query}&format=xlsx`;
  let report;
  try { report = await get(`/api/v1/reports/day?${query}`); } catch (error) { failed(error); return; }
  renderTiles(report);
  figureRows(byId("report-area"), report.by_area, "area", areaName);
  figureRows(byId("report-counter"), report.by_counter, "counter", counterName);
  figureRows(byId("report-clerk"), report.by_clerk, "clerk", (name) => name);
}

export function wireReport() {
  byId("report-form").addEventListener("submit", loadReport);
  byId("report-date").addEventListener("change", loadReport);
}
