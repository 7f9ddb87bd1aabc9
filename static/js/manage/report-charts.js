/* The report's pictures, drawn with the bundled Chart.js (static/vendor, loaded the first
 * time the report is shown): the wait distribution, arrivals and median wait by hour, a
 * weekday × hour heat map of arrivals, satisfaction and on-time calls over time. */
import { url } from "../lib/dom.js";
import { t } from "../lib/i18n.js";

const VENDOR = ["/static/vendor/chart.umd.min.js", "/static/vendor/chartjs-chart-matrix.min.js"];
const BRAND = "#0b5cad", GREEN = "#1c7a4c", AMBER = "#c77700";
const WEEKDAYS = ["", "T2", "T3", "T4", "T5", "T6", "T7", "CN"];
const charts = {};
let library = null;

function script(src) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = src;
    tag.onload = resolve;
    tag.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(tag);
  });
}

/** Chart.js and its matrix chart, loaded once, in order. */
function load() {
  library = library || VENDOR.reduce((ready, src) => ready.then(() => script(url(src))), Promise.resolve())
    .then(() => {
      const { Chart } = window;
      Chart.defaults.font.family = '"Be Vietnam Pro", "DejaVu Sans", sans-serif';
      Chart.defaults.animation = false;
      Chart.defaults.maintainAspectRatio = false;
      return Chart;
    });
  return library;
}

function draw(Chart, id, config) {
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart(document.getElementById(id), config);
}

const percent = (share) => (share === null ? null : Math.round(share * 1000) / 10);

function waits(Chart, report) {
  const labels = report.wait_distribution.map((b) => (b.to_min === null ? `≥ ${b.from_min}` : `${b.from_min}–${b.to_min}`));
  draw(Chart, "chart-waits", { type: "bar", data: { labels, datasets: [{
    label: t("Số lượt được gọi", "Visits called"), data: report.wait_distribution.map((b) => b.count),
    backgroundColor: BRAND, maxBarThickness: 64 }] },
  options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
}

function hours(Chart, report) {
  const rows = report.by.hour || [];
  draw(Chart, "chart-hours", { data: { labels: rows.map((r) => `${r.key}h`), datasets: [
    { type: "bar", label: t("Lượt đến (phiếu cấp)", "Arrivals (tickets issued)"),
      data: rows.map((r) => r.issued), backgroundColor: BRAND, maxBarThickness: 48, yAxisID: "y" },
    { type: "line", label: t("Chờ trung vị (phút)", "Median wait (min)"),
      data: rows.map((r) => r.wait_median_min), borderColor: AMBER, backgroundColor: AMBER, yAxisID: "y1" }] },
  options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } },
                       y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } } });
}

function heat(Chart, report) {
  const cells = (report.by["weekday-hour"] || []).filter((c) => c.issued > 0);
  const hoursSeen = cells.map((c) => c.hour);
  const first = Math.min(7, ...hoursSeen), last = Math.max(17, ...hoursSeen);
  const hours = Array.from({ length: last - first + 1 }, (_, i) => `${first + i}h`);
  const days = WEEKDAYS.slice(1, Math.max(6, ...cells.map((c) => c.weekday)) + 1);
  const most = Math.max(1, ...cells.map((c) => c.issued));
  draw(Chart, "chart-heat", { type: "matrix", data: { datasets: [{
    label: t("Lượt đến", "Arrivals"),
    data: cells.map((c) => ({ x: `${c.hour}h`, y: WEEKDAYS[c.weekday], v: c.issued })),
    backgroundColor: (ctx) => `rgba(11, 92, 173, ${0.08 + 0.92 * ((ctx.raw && ctx.raw.v) || 0) / most})`,
    borderColor: "#ffffff", borderWidth: 1,
    width: ({ chart }) => ((chart.chartArea || {}).width || 0) / hours.length - 2,
    height: ({ chart }) => ((chart.chartArea || {}).height || 0) / days.length - 2 }] },
  options: { plugins: { legend: { display: false }, tooltip: { callbacks: {
    title: (items) => `${items[0].raw.y} ${items[0].raw.x}`, label: (item) => `${item.raw.v}` } } },
  scales: { x: { type: "category", labels: hours, offset: true, grid: { display: false } },
            y: { type: "category", labels: days, offset: true, reverse: false, grid: { display: false } } } } });
}

function satisfaction(Chart, report) {
  const rows = report.by[report.period.grain] || [];
  draw(Chart, "chart-satisfaction", { type: "line", data: { labels: rows.map((r) => r.name), datasets: [
    { label: t("Hài lòng (%)", "Satisfied (%)"), data: rows.map((r) => percent(r.satisfaction)),
      borderColor: GREEN, backgroundColor: GREEN, spanGaps: true },
    { label: t("Gọi đúng hẹn (%)", "Called on time (%)"), data: rows.map((r) => percent(r.on_time_share)),
      borderColor: BRAND, backgroundColor: BRAND, spanGaps: true }] },
  options: { scales: { y: { min: 0, max: 100 } } } });
}

/** Draw (or redraw) every chart of a report. */
export async function drawCharts(report) {
  const Chart = await load();
  waits(Chart, report);
  hours(Chart, report);
  heat(Chart, report);
  satisfaction(Chart, report);
}

/** Fit the charts to the page being printed (and back). */
export function resizeCharts() {
  for (const chart of Object.values(charts)) chart.resize();
}
