/* The hall TV's counters and queues: one card per counter, one chip per area. */
import { byId, clone, el } from "../lib/dom.js";
import { areaShown, bilingual, counterShown, ENGLISH, priorityText } from "./page.js";

const cards = new Map();    // counter number -> card element
const chips = new Map();    // area id -> queue chip element
const areaNames = {};       // area id -> [vi, en]

/** The area's names, [vi, en] (learnt from the snapshot and queue events). */
export function areaName(id) {
  return areaNames[id] || [id, id];
}

export function learnAreas(areas) {
  for (const a of areas) areaNames[a.id] = [a.name, a.name_en];
}

/** Lay out the counter cards for the counters this display shows. */
export function buildCounters(counters) {
  const grid = byId("counters");
  const shown = counters.filter(counterShown);
  const portrait = window.innerHeight > window.innerWidth;
  const cols = portrait ? (shown.length > 6 ? 2 : 1) : Math.max(1, Math.ceil(shown.length / 6));
  grid.style.setProperty("--cols", cols);
  grid.style.setProperty("--rows", Math.max(1, Math.ceil(shown.length / cols)));
  cards.clear();
  grid.replaceChildren(...shown.map((c) => {
    const card = clone("counter-template");
    card.dataset.counter = c.number;
    card.querySelector(".counter-no").textContent = String(c.number);
    cards.set(c.number, card);
    return card;
  }));
}

export function updateCounter(c) {
  const card = cards.get(c.number);
  if (!card) return;
  const names = c.areas.map((a) => areaName(a)[0]);
  const namesEn = c.areas.map((a) => areaName(a)[1] || a).join(" · ");
  if (c.name && c.name !== `Quầy ${c.number}`) names.unshift(c.name);
  const areas = card.querySelector(".counter-areas");
  areas.replaceChildren();
  names.forEach((name, i) => {       // wrap between areas, never inside one
    areas.append(el("span", "area", name + (i < names.length - 1 ? " ·" : "")), " ");
  });
  if (ENGLISH && namesEn !== names.join(" · ")) areas.append(el("span", "en", namesEn));
  const label = byId("status-labels").content.querySelector(`[data-status="${c.status}"]`);
  bilingual(card.querySelector(".counter-state"), label ? label.textContent : c.status,
            label ? label.title : c.status);
  card.dataset.status = c.status;
  const current = c.status === "closed" ? null : c.current;
  card.querySelector(".counter-number").textContent = current ? current.number : "—";
  card.querySelector(".counter-priority").textContent = priorityText(current)[0];
  card.querySelector(".counter-reason").textContent = c.status === "paused" ? (c.pause_reason || "") : "";
}

/** Mark the counter called last (and, while its call is in the banner, flash it). */
export function markCounter(number, called) {
  for (const card of cards.values()) card.classList.remove("is-latest", ...(called ? ["is-called"] : []));
  const card = cards.get(number);
  if (!card) return;
  if (called) void card.offsetWidth;          // restart the animation
  card.classList.add("is-latest", ...(called ? ["is-called"] : []));
}

export function unflashCounters() {
  for (const card of cards.values()) card.classList.remove("is-called");
}

export function buildQueues(areas) {
  const shown = areas.filter(areaShown);
  chips.clear();
  byId("queues").replaceChildren(...shown.map((a) => {
    const chip = clone("queue-template");
    chips.set(a.id, chip);
    return chip;
  }));
  byId("queues").style.setProperty("--areas", Math.max(1, chips.size));
}

export function updateArea(a) {
  const chip = chips.get(a.id);
  if (!chip) return;
  areaNames[a.id] = [a.name, a.name_en];
  bilingual(chip.querySelector(".queue-name"), a.name, a.name_en);
  chip.querySelector(".queue-waiting").textContent = String(a.waiting);
  const unit = chip.querySelector(".queue-unit");
  if (a.open === false && a.closed_reason_vi) bilingual(unit, a.closed_reason_vi, a.closed_reason_en);
  else bilingual(unit, "đang chờ", "waiting");
  chip.classList.toggle("is-closed", a.open === false);
}
