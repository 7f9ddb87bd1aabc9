/* The hall TV's query parameters, its language and its filters. */
import { say } from "../lib/dom.js";

const params = new URLSearchParams(location.search);
export const ENGLISH = params.get("lang") === "en";
export const HOLD_MS = Math.max(2, Math.min(15, Number(params.get("hold")) || 5)) * 1000;
export const AUDIO = params.get("audio") === "1";

function listParam(name) {
  const raw = params.get(name);
  if (!raw) return null;
  return new Set(raw.split(",").map((s) => s.trim()).filter(Boolean));
}
const filter = { areas: listParam("areas"), counters: listParam("counters") };

/** A Vietnamese label with, when ?lang=en, its English line (skipped when identical). */
export function bilingual(node, vi, en) {
  return say(node, vi, ENGLISH ? en : null);
}

export function counterShown(c) {
  if (filter.counters && !filter.counters.has(String(c.number))) return false;
  if (filter.areas && !c.areas.some((a) => filter.areas.has(a))) return false;
  return true;
}

export function areaShown(area) {
  if (filter.areas) return filter.areas.has(area.id);
  if (filter.counters) return area.counters.some((n) => filter.counters.has(String(n)));
  return true;
}

export function callShown(call) {
  if (filter.counters && !filter.counters.has(String(call.counter.number))) return false;
  if (filter.areas && !filter.areas.has(call.ticket.area)) return false;
  return true;
}

/** "Ưu tiên – Người cao tuổi" and its English, or "" for a normal ticket. */
export function priorityText(ticket) {
  if (!ticket || !ticket.priority) return ["", ""];
  return [`Ưu tiên – ${ticket.priority_label || ticket.priority}`,
          `Priority – ${ticket.priority_label_en || ticket.priority}`];
}
