/* The province overview (/province): every hall's row from `province_snapshot`, then one
 * hall's fresh row in each `province_hall` (deployment/province.py, live/province.py).
 * Sorting by a column's title is the page's own; the figures are the server's. */
import { byId, clone, fill } from "./lib/dom.js";
import { lang, onLangChange, pair, t, wireLangSwitch } from "./lib/i18n.js";
import { showLink } from "./lib/staff.js";
import { minutesSince, minutesText, sync } from "./lib/time.js";

const halls = new Map();               // id -> row from the server
const sort = { key: "name", descending: false };
let order = [];                        // hall ids in the order of the hall files

/** The value a column sorts by (null sorts last). */
function value(hall, key) {
  if (key === "name") return hall.name;
  if (key === "longest_wait_min") return hall.waiting ? minutesSince(hall.oldest_waiting_at) : null;
  return hall[key];
}

function compare(a, b) {
  const x = value(a, sort.key), y = value(b, sort.key);
  if (x === y) return order.indexOf(a.id) - order.indexOf(b.id);
  if (x === null || x === undefined) return 1;
  if (y === null || y === undefined) return -1;
  const sign = sort.descending ? -1 : 1;
  return sign * (typeof x === "string" ? x.localeCompare(y, "vi") : x - y);
}

function percent(share) {
  return share === null || share === undefined ? "—" : `${Math.round(share * 100)}%`;
}

function hallRow(hall, fresh) {
  const longest = hall.waiting ? minutesSince(hall.oldest_waiting_at) : null;
  const row = fill(clone("hall-row-template"), {
    ".hall-link": hall.name, ".hall-id": hall.default ? `${hall.id} · ${t("mặc định", "default")}` : hall.id,
    ".waiting": String(hall.waiting), ".longest": longest === null ? "—" : minutesText(longest, lang()),
    ".counters": `${hall.counters_open}/${hall.counters_total}`,
    ".faults": String(hall.device_faults), ".served": String(hall.served_today),
    ".satisfaction": percent(hall.satisfaction),
  });
  row.dataset.hall = hall.id;
  row.querySelector(".hall-link").href = hall.links.manage;
  row.querySelector(".link-manage").href = hall.links.manage;
  row.querySelector(".link-report").href = hall.links.report;
  row.querySelector(".link-display").href = hall.links.display;
  row.querySelector(".link-config").href = hall.links.config;
  row.querySelector(".longest").classList.toggle("is-long", longest !== null
    && hall.long_wait_minutes > 0 && longest >= hall.long_wait_minutes);
  row.querySelector(".faults").classList.toggle("is-alert", hall.device_faults > 0);
  if (hall.satisfaction === null) row.querySelector(".satisfaction").title = t("chưa có đánh giá", "no rating yet");
  if (fresh) row.classList.add("is-fresh");
  return row;
}

function render(freshId) {
  const rows = [...halls.values()].sort(compare).map((hall) => hallRow(hall, hall.id === freshId));
  if (!rows.length) {
    const empty = document.createElement("tr");
    const cell = document.createElement("td");
    cell.colSpan = 8;
    cell.className = "empty";
    empty.append(pair(cell, "Chưa có trung tâm", "No centre"));
    rows.push(empty);
  }
  byId("halls").replaceChildren(...rows);
  const all = [...halls.values()];
  byId("sum-halls").textContent = all.length;
  byId("sum-waiting").textContent = all.reduce((sum, h) => sum + h.waiting, 0);
  const faults = all.reduce((sum, h) => sum + h.device_faults, 0);
  byId("sum-devices").textContent = faults;
  byId("sum-devices-item").classList.toggle("is-alert", faults > 0);
  byId("sum-devices-item").classList.toggle("is-clear", faults === 0);
}

function wireSorting() {
  for (const th of document.querySelectorAll("#halls-table th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => {
      const key = th.dataset.sort;
      sort.descending = sort.key === key ? !sort.descending : key !== "name";
      sort.key = key;
      for (const other of document.querySelectorAll("#halls-table th[data-sort]")) {
        other.setAttribute("aria-sort", other === th ? (sort.descending ? "descending" : "ascending") : "none");
      }
      render();
    });
  }
}

function connect() {
  const socket = window.io(undefined, { transports: ["websocket", "polling"], path: "/socket.io",
                                       reconnectionDelay: 500, reconnectionDelayMax: 3000,
                                       auth: { watch: "province" } });
  socket.on("connect", () => showLink("online"));
  socket.on("disconnect", () => showLink("offline"));
  socket.on("connect_error", () => showLink("offline"));
  socket.on("province_snapshot", (snapshot) => {
    sync(snapshot.now);
    halls.clear();
    order = snapshot.halls.map((hall) => hall.id);
    for (const hall of snapshot.halls) halls.set(hall.id, hall);
    render();
  });
  socket.on("province_hall", (hall) => {
    if (!order.includes(hall.id)) order.push(hall.id);
    halls.set(hall.id, hall);
    render(hall.id);
  });
}

wireLangSwitch();
onLangChange(() => render());
wireSorting();
connect();
setInterval(() => render(), 30000);      // waits grow while nothing happens
