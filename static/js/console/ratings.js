/* The clerk's own ratings today (GET /api/v1/me/ratings): how many, how many satisfied, the
 * count per level (face, words, a bar) and the reasons of the latest low ones. The citizens
 * stay anonymous: no ticket number, no time. */
import { byId, clone, el } from "../lib/dom.js";
import { face } from "../lib/faces.js";
import { get } from "../lib/http.js";
import { t } from "../lib/i18n.js";

function levelRow(level, total) {
  const row = clone("rating-level-template");
  row.dataset.level = level.value;
  row.querySelector(".rating-face").append(face(level.face, level.colour));
  row.querySelector(".rating-label").textContent = t(level.label, level.label_en);
  row.querySelector(".rating-count").textContent = String(level.count);
  const bar = row.querySelector(".rating-bar span");
  bar.style.width = `${total ? Math.round((100 * level.count) / total) : 0}%`;
  bar.style.background = level.colour;
  return row;
}

function reasonsItem(reasons) {
  return el("li", "rating-reason", reasons.map((r) => t(r.label, r.label_en)).join(" · "));
}

export function renderRatings(day) {
  byId("ratings-count").textContent = String(day.count);
  byId("ratings-satisfied").textContent = day.satisfied_percent === null ? "—" : `${day.satisfied_percent}%`;
  byId("rating-levels").replaceChildren(...day.levels.map((level) => levelRow(level, day.count)));
  byId("rating-reasons").replaceChildren(...day.latest_reasons.map(reasonsItem));
  byId("rating-reasons-empty").hidden = day.latest_reasons.length > 0;
}

/** Read my ratings again (on sign-in, a rating at this counter, a new day). */
export async function refreshRatings() {
  let day;
  try { day = await get("/api/v1/me/ratings"); } catch { return; }
  renderRatings(day);
}
