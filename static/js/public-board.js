/* The public board (/cong-khai): the centre's figures today and this month, per area, read
 * from GET /api/v1/public/figures every minute (the server computes them at most once a
 * minute). Nothing here is personal: no clerk, counter or ticket. */
import { byId, clone, say } from "./lib/dom.js";
import { get } from "./lib/http.js";

const EVERY_MS = 60000;
const ENGLISH = document.body.classList.contains("lang-en");
const COUNT = new Intl.NumberFormat("vi-VN");
const DECIMAL = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
const FIGURES = [   // key, unit, Vietnamese, English
  ["served", "", "Lượt đã phục vụ", "Citizens served"],
  ["wait_median_min", "phút", "Thời gian chờ (trung vị)", "Median wait"],
  ["on_time_share", "%", "Được gọi đúng hẹn", "Called on time"],
  ["satisfaction", "%", "Hài lòng", "Satisfied"],
];

/** A figure in Vietnamese writing: 1.234 · 7,5 · 57,1 (percent) · — when there is none. */
function shown(key, value) {
  if (value === null || value === undefined) return "—";
  if (key.endsWith("_share") || key === "satisfaction") return DECIMAL.format(value * 100);
  if (key.endsWith("_min")) return DECIMAL.format(value);
  return COUNT.format(value);
}

function figures(section, totals) {
  section.querySelector(".pb-figures").replaceChildren(...FIGURES.map(([key, unit, vi, en]) => {
    const item = clone("pb-figure-template");
    item.dataset.figure = key;
    item.querySelector(".pb-value").textContent = shown(key, totals[key]);
    item.querySelector(".pb-unit").textContent = totals[key] === null ? "" : unit;
    say(item.querySelector(".pb-label"), vi, ENGLISH ? en : null);
    if (key === "satisfaction" && totals.ratings) {
      item.querySelector(".pb-label").append(` (${COUNT.format(totals.ratings)} lượt đánh giá)`);
    }
    return item;
  }));
}

function areas(data) {
  const month = Object.fromEntries(data.month.areas.map((a) => [a.id, a]));
  byId("pb-area-rows").replaceChildren(...data.today.areas.map((area) => {
    const row = clone("pb-area-template");
    row.dataset.area = area.id;
    say(row.querySelector(".pb-area"), area.name, ENGLISH ? area.name_en : null);
    const periods = { today: area, month: month[area.id] || {} };
    for (const cell of row.querySelectorAll("[data-cell]")) {
      const [period, key] = cell.dataset.cell.split(".");
      const value = shown(key, periods[period][key]);
      cell.textContent = value === "—" || !key.endsWith("share") && key !== "satisfaction" ? value : `${value} %`;
    }
    return row;
  }));
}

function render(data) {
  const [y, m, d] = data.business_date.split("-").map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  byId("pb-date").textContent = `${weekday}, ${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`;
  byId("pb-month-title").firstChild.textContent = `Tháng ${m}/${y}`;
  byId("pb-updated").textContent = `Cập nhật lúc ${data.generated_at.slice(11, 16)}`;
  figures(document.querySelector('[data-period="today"]'), data.today.totals);
  figures(document.querySelector('[data-period="month"]'), data.month.totals);
  areas(data);
  document.body.classList.remove("is-loading");
}

async function refresh() {
  try {
    render(await get("/api/v1/public/figures"));
    byId("pb-offline").hidden = true;
  } catch {
    byId("pb-offline").hidden = false;
  }
}

refresh();
setInterval(refresh, EVERY_MS);
