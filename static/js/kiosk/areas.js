/* The home screen's area buttons and the priority screen's categories. */
import { byId, clone, url } from "../lib/dom.js";
import { hallParts, hhmm } from "../lib/time.js";
import { syncButtons } from "./screens.js";
import { state } from "./state.js";
import { other, pick, t } from "./text.js";

const ICONS = { elderly: "elderly", accessible: "accessible", disabled: "accessible",
                wheelchair: "accessible", pregnant: "pregnant", child: "child",
                children: "child", merit: "merit" };

/** "Mở lại lúc 13:30" (with the date when it is not today), or "". */
export function reopenText(nextOpen) {
  if (!nextOpen) return "";
  const p = hallParts(nextOpen);
  const date = `${p.year}-${p.month}-${p.day}` !== state.businessDate ? `${p.day}/${p.month}` : "";
  return t("reopen")(hhmm(nextOpen), date);
}

function fillAreaButton(button, area) {
  button.classList.toggle("is-closed", !area.open);
  button.querySelector(".area-name").textContent = pick(area, "name", "name_en");
  button.querySelector(".area-alt").textContent = other(area, "name", "name_en");
  button.querySelector(".area-count-text").textContent = t("waiting")(area.waiting);
  let info;
  if (area.open) {
    const staffed = area.open_counters ? area.open_counters.length > 0 : true;
    info = !staffed ? t("noCounterOpen")
      : area.estimated_wait_min == null ? t("noEstimate") : t("estimate")(area.estimated_wait_min);
  } else {
    const reason = pick(area, "closed_reason_vi", "closed_reason_en") || t("closed");
    const reopen = reopenText(area.next_open);
    info = reopen ? `${reason} · ${reopen}` : reason;
  }
  button.querySelector(".area-info-text").textContent = info;
}

/** One big button per area, kept (not rebuilt) as the counts change. */
export function renderAreas() {
  const box = byId("areas");
  box.dataset.count = String(state.areas.length);
  const existing = new Map([...box.querySelectorAll(".area")].map((b) => [b.dataset.area, b]));
  state.areas.forEach((area, i) => {
    let button = existing.get(area.id);
    existing.delete(area.id);
    if (!button) {
      button = clone("area-template");
      button.dataset.area = area.id;
    }
    fillAreaButton(button, area);
    if (box.children[i] !== button) box.insertBefore(button, box.children[i] || null);
  });
  for (const button of existing.values()) button.remove();
  syncButtons();
}

/** An area's new view (live queue_updated or the periodic read). */
export function updateArea(view) {
  state.areas = state.areas.map((area) => (area.id === view.id ? { ...area, ...view } : area));
  if (state.area && state.area.id === view.id) state.area = state.areas.find((a) => a.id === view.id);
  renderAreas();
}

function iconUrl(category) {
  const name = ICONS[category.icon] || ICONS[category.id] || "generic";
  return url(`/static/img/priority-${name}.svg`);
}

export function renderPriorities() {
  const box = byId("priorities");
  box.dataset.count = String(state.priorities.length);
  box.replaceChildren(...state.priorities.map((category) => {
    const button = clone("priority-template");
    button.dataset.priority = category.id;
    button.querySelector(".prio-icon").style.setProperty("--icon", `url("${iconUrl(category)}")`);
    button.querySelector(".prio-label").textContent = pick(category, "label", "label_en");
    const alt = other(category, "label", "label_en");
    if (alt) button.querySelector(".prio-alt").textContent = alt;
    else button.querySelector(".prio-alt").remove();
    button.querySelector(".busy-label").textContent = t("busy");
    return button;
  }));
  syncButtons();
}
