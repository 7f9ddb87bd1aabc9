/* The overview: the summary, the queue by area, the counters and what the manager can do at
 * them. A counter's row offers the commands the page config lists for its state, and only
 * while the server's `actions` for that counter allow them. */
import { byId, clone, el, fill } from "../lib/dom.js";
import { post } from "../lib/http.js";
import { lang, pair, t } from "../lib/i18n.js";
import { hhmm, minutesSince, minutesText, now } from "../lib/time.js";
import { areaName, config, state } from "./state.js";
import { askConfirm, askPauseReason, badge, failed, smallButton, toast } from "./ui.js";

// ------------------------------------------------------------------ summary and clock
export function renderSummary() {
  const waiting = state.areaOrder.reduce((sum, id) => sum + (state.areas[id].waiting || 0), 0);
  const counters = state.counterOrder.map((n) => state.counters[n]);
  const serving = counters.filter((c) => c.status === "serving").length;
  const faults = Object.values(state.devices).filter((d) => d.status !== "ok").length;
  byId("sum-waiting").textContent = waiting;
  byId("sum-serving").textContent = `${serving}/${counters.length}`;
  byId("sum-devices").textContent = faults;
  byId("sum-devices-item").classList.toggle("is-alert", faults > 0);
  byId("sum-devices-item").classList.toggle("is-clear", faults === 0);
  const navBadge = byId("nav-overview-badge");
  navBadge.hidden = faults === 0;
  navBadge.textContent = faults;
  navBadge.title = t(`${faults} thiết bị cần kiểm tra`, `${faults} devices to check`);
}

export function tick() {
  byId("clock").textContent = hhmm(now());
  renderAreas();
}

// ------------------------------------------------------------------ queue by area
function areaCard(area) {
  const oldest = minutesSince(area.oldest_waiting_at);
  const long = config.long_wait_minutes > 0 && area.waiting > 0 && oldest !== null
    && oldest >= config.long_wait_minutes;
  const card = fill(clone("area-template"), {
    ".area-name": area.name,
    ".area-count": String(area.waiting),
    ".area-oldest": area.waiting ? minutesText(oldest, lang()) : "—",
    ".area-estimate": area.estimated_wait_min === null ? t("chưa đủ dữ liệu", "not enough data")
      : `~${minutesText(area.estimated_wait_min, lang())}`,
    ".area-issued": area.issued + (area.daily_cap ? ` / ${area.daily_cap}` : ""),
  });
  card.dataset.area = area.id;
  card.querySelector(".area-name").title = area.name;
  card.classList.toggle("is-closed", !area.open);
  card.classList.toggle("is-long", long);
  const status = card.querySelector(".area-state");
  if (area.open) {
    status.append(badge("open", "Đang nhận số", "Taking tickets"));
  } else {
    status.append(badge(area.closed_reason === "full" ? "full" : "closed",
                        area.closed_reason_vi || "Đóng", area.closed_reason_en || "Closed"));
    if (area.next_open) {
      status.append(" · ", pair(el("span"), `mở lại ${hhmm(area.next_open)}`, `opens ${hhmm(area.next_open)}`));
    }
  }
  return card;
}

export function renderAreas() {
  const cards = state.areaOrder.map((id) => areaCard(state.areas[id]));
  if (!cards.length) cards.push(pair(el("li", "empty"), "Chưa có lĩnh vực", "No service area"));
  byId("areas").replaceChildren(...cards);
}

// ------------------------------------------------------------------ counters
async function run(counter, command, body) {
  try {
    updateCounter(await post(`/api/v1/counters/${counter.number}/${command.name}`, body));
    toast([`${counter.name}: ${command.label_vi}`, `${counter.name}: ${command.label_en}`]);
  } catch (error) {
    failed(error);
  }
}

/** What a row's button does: ask for a pause reason first; run the rest at once. */
async function press(counter, command) {
  if (command.name !== "pause") { run(counter, command); return; }
  const reason = await askPauseReason(counter.name);
  if (reason) run(counter, command, { reason });
}

async function release(counter) {
  const ok = await askConfirm([`Giải phóng ${counter.name}?`, `Release ${counter.name}?`],
    [`${counter.clerk} sẽ rời quầy; cán bộ khác có thể nhận quầy này.`,
     `${counter.clerk} is signed out of this counter; another clerk can take it.`],
    ["Giải phóng quầy", "Release"]);
  if (!ok) return;
  try {
    updateCounter(await post(`/api/v1/counters/${counter.number}/sign-out`));
    toast([`Đã giải phóng ${counter.name}`, `${counter.name} released`]);
  } catch (error) {
    failed(error);
  }
}

function commandButtons(counter) {
  if (config.read_only) return [];        // a province account reads; the server refuses writes
  return (config.row_commands[counter.status] || [])
    .filter((command) => counter.actions.includes(command.name))
    .map((command) => smallButton(command.label_vi, command.label_en,
                                  command.primary ? "btn-primary" : "btn-plain", () => press(counter, command)));
}

function counterRow(counter) {
  const areas = counter.areas.map(areaName).join(" · ");
  const current = counter.current;
  const row = fill(clone("counter-row-template"), {
    ".counter-name": counter.name, ".counter-areas": areas, ".pause-reason": counter.pause_reason,
    ".current-number": current && current.number, ".clerk-name": counter.clerk,
    ".current .sub": current && `${current.area_name} · ${hhmm(current.called_at)}`,
  });
  row.classList.add(`is-${counter.status}`);
  row.dataset.counter = counter.number;
  row.querySelector(".counter-areas").title = areas;
  const label = byId("counter-labels").content.querySelector(`[data-status="${counter.status}"]`);
  row.querySelector(".counter-status").prepend(
    badge(counter.status, label ? label.textContent : counter.status, label && label.dataset.en));
  row.querySelector(".pause-reason").title = counter.pause_reason || "";
  row.querySelector(".clerk-name").title = counter.clerk || "";
  row.querySelector(".btn-release").addEventListener("click", () => release(counter));
  keepOne(row, ".pause-reason", counter.status === "paused" && counter.pause_reason);
  keepOne(row, ".current", current);
  keepOne(row, ".clerk", counter.clerk);
  row.querySelector(".actions").replaceChildren(...commandButtons(counter));
  return row;
}

/** In a cell with a "when" and an "otherwise" part ([data-when], [data-otherwise]), keep one. */
function keepOne(row, selector, condition) {
  const cell = row.querySelector(selector).closest("[role=cell]");
  for (const part of cell.querySelectorAll(condition ? "[data-otherwise]" : "[data-when]")) part.remove();
}

export function renderCounters() {
  byId("counters").replaceChildren(...state.counterOrder.map((n) => counterRow(state.counters[n])));
}

/** Take a counter's new state (an answer or a live event) and redraw its row. */
export function updateCounter(counter) {
  state.counters[counter.number] = counter;
  const old = document.querySelector(`#counters [data-counter="${counter.number}"]`);
  if (old) {
    const row = counterRow(counter);
    old.replaceWith(row);
    if (state.view === "overview") row.classList.add("is-flash");
    row.addEventListener("animationend", () => row.classList.remove("is-flash"));
  } else {
    renderCounters();
  }
  renderSummary();
}
