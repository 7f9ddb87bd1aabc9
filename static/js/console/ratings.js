/* The clerk's own ratings today (GET /api/v1/me/ratings), in little room: a face and a count
 * per level (its words for screen readers and as a tooltip), the total and the share
 * satisfied, and the reasons of the latest low rating (the earlier ones in the tooltip).
 * The citizens stay anonymous: no ticket number, no time. */
import { byId, clone } from "../lib/dom.js";
import { face } from "../lib/faces.js";
import { get } from "../lib/http.js";
import { t } from "../lib/i18n.js";

function levelItem(level) {
  const item = clone("rating-level-template");
  const label = t(level.label, level.label_en);
  item.dataset.level = level.value;
  item.title = `${label}: ${level.count}`;
  item.querySelector(".rating-face").append(face(level.face, level.colour));
  item.querySelector(".rating-count").textContent = String(level.count);
  item.querySelector(".rating-label").textContent = label;
  return item;
}

const reasonsText = (reasons) => reasons.map((r) => t(r.label, r.label_en)).join(", ");

export function renderRatings(day) {
  byId("ratings-count").textContent = String(day.count);
  byId("ratings-satisfied").textContent = day.satisfied_percent === null ? "—" : `${day.satisfied_percent}%`;
  byId("rating-levels").replaceChildren(...day.levels.map(levelItem));
  const line = byId("rating-reasons");
  const [latest] = day.latest_reasons;
  line.textContent = latest ? t(`Lý do chưa hài lòng: ${reasonsText(latest)}`, `Not satisfied: ${reasonsText(latest)}`)
    : t("Chưa có ý kiến chưa hài lòng", "No one dissatisfied");
  line.title = day.latest_reasons.map(reasonsText).join("\n");
  line.classList.toggle("is-empty", !latest);
}

/** Read my ratings again (on sign-in, a rating at this counter, a new day). */
export async function refreshRatings() {
  let day;
  try { day = await get("/api/v1/me/ratings"); } catch { return; }
  renderRatings(day);
}
