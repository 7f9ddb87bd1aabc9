/* Citizens' ratings of a day (GET /manage/api/ratings?date=): the count per level, then every
 * rating with its ticket, counter, clerk, level and reasons, newest first. Today's list
 * follows new ratings live. */
import { byId, clone, fill } from "../lib/dom.js";
import { face } from "../lib/faces.js";
import { get } from "../lib/http.js";
import { t } from "../lib/i18n.js";
import { hhmm } from "../lib/time.js";
import { MANAGE_API, config, counterName } from "./state.js";
import { emptyRow, failed } from "./ui.js";

const SOURCES = {      // where the citizen rated
  screen: ["Màn hình tại quầy", "Counter screen"], phone: ["Điện thoại", "Phone"],
  keypad: ["Bàn phím đánh giá", "Rating keypad"],
};

function tile(value, vi, en, level) {
  const item = fill(clone("rating-tile-template"), { ".rating-tile-value": value, ".rating-tile-label": t(vi, en) });
  const holder = item.querySelector(".rating-face");
  if (level) holder.append(face(level.face, level.colour));
  else holder.remove();
  return item;
}

function renderTiles(day) {
  byId("rating-tiles").replaceChildren(
    tile(String(day.count), "Lượt đánh giá", "Ratings"),
    tile(day.satisfied_percent === null ? "—" : `${day.satisfied_percent}%`, "Hài lòng trở lên", "Satisfied"),
    ...day.levels.map((level) => tile(String(level.count), level.label, level.label_en, level)));
}

function ratingRow(rating, levels) {
  const level = levels[rating.level];
  const [vi, en] = SOURCES[rating.source] || [rating.source, rating.source];
  const row = fill(clone("rating-row-template"), {
    ".rating-at": hhmm(rating.at), ".rating-number": rating.number, ".rating-area": rating.area_name,
    ".rating-counter": rating.counter ? counterName(rating.counter) : "—", ".rating-clerk": rating.clerk || "—",
    ".level-label": level ? t(level.label, level.label_en) : String(rating.level),
    ".reasons-cell": rating.reasons.map((r) => t(r.label, r.label_en)).join(", "),
    ".source-cell": t(vi, en),
  });
  row.dataset.level = rating.level;
  if (level) row.querySelector(".rating-face").append(face(level.face, level.colour));
  return row;
}

export async function loadRatings(e) {
  if (e) e.preventDefault();
  const day = byId("ratings-date").value || config.today;
  let answer;
  try {
    answer = await get(`${MANAGE_API}/ratings?date=${encodeURIComponent(day)}`);
  } catch (error) {
    failed(error);
    return;
  }
  renderTiles(answer);
  const levels = Object.fromEntries(answer.scale.levels.map((level) => [level.value, level]));
  const body = byId("ratings");
  body.replaceChildren(...answer.ratings.map((rating) => ratingRow(rating, levels)));
  if (!answer.ratings.length) emptyRow(body, 8, "Chưa có đánh giá nào", "No rating yet");
}

let reloadTimer = null;
/** A citizen rated (live `ticket_rated`): reload today's list shortly after. */
export function ratingsChanged() {
  if (byId("ratings-date").value !== config.today) return;
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(loadRatings, 400);
}

export function wireRatings() {
  byId("ratings-form").addEventListener("submit", loadRatings);
  byId("ratings-date").addEventListener("change", loadRatings);
}
