/* The phone page's rating (/t/<id>): once the ticket is served, until the end of its business
 * day, its holder may rate the service once (a face per level; reasons for the lowest). The
 * server says whether the ticket can be rated now (GET /api/v1/tickets/<id>/rating) and
 * refuses a second rating; this module draws what it says.
 *
 * track.js calls `showRating(ticket)` on every render and `ratingNews(name, payload, ticket)`
 * on every live event.
 */
import { byId } from "./lib/dom.js";
import { get, post } from "./lib/http.js";
import { split } from "./lib/messages.js";
import { asksReasons, chosenReasons, drawLevels, drawReasons, levelOf } from "./lib/rating.js";
import { face } from "./lib/faces.js";

const box = { id: null, scale: null, level: null, sending: false };

function step(name) {
  for (const part of byId("rating").querySelectorAll(".rating-step")) part.hidden = part.dataset.step !== name;
  byId("rating-error").hidden = true;
  byId("rating").hidden = false;
}

function result(level, vi, en) {
  const holder = byId("rating-result-face");
  holder.replaceChildren();
  if (level) holder.append(face(level.face, level.colour));
  byId("rating-result-text").textContent = vi;
  byId("rating-result-en").textContent = en;
  byId("rating-result-level").hidden = !level;
  byId("rating-result-level").textContent = level ? `Mức đánh giá: ${level.label}` : "";
  byId("rating").classList.add("is-done");
  step("result");
}

function ask() {
  drawLevels(byId("rating-levels"), "phone-level-template", box.scale, pick);
  drawReasons(byId("rating-reasons"), "phone-reason-template", box.scale);
  byId("rating").classList.remove("is-done");
  step("levels");
}

const RETRY_MS = 3000;

/** Read the ticket's rating state and draw it (again shortly, if the server cannot answer). */
async function load(id) {
  let answer;
  try {
    answer = await get(`/api/v1/tickets/${encodeURIComponent(id)}/rating`);
  } catch (error) {
    if (error.status === 0 || error.status >= 500) setTimeout(() => { if (id === box.id) load(id); }, RETRY_MS);
    return;
  }
  if (id !== box.id || box.sending) return;      // the answer to our own rating decides
  box.scale = answer.scale;
  if (answer.rating) {
    const level = levelOf(box.scale, answer.rating.level);
    result(level, "Lượt phục vụ này đã được đánh giá. Xin cảm ơn bạn!", "This visit has been rated. Thank you!");
  } else if (answer.open) {
    if (byId("rating").hidden || byId("rating").classList.contains("is-done")) ask();
  } else {
    result(null, "Thời hạn đánh giá lượt phục vụ này đã hết.", "Rating closed at the end of the day.");
  }
}

function pick(level) {
  if (box.sending) return;
  box.level = level;
  if (asksReasons(box.scale, level)) step("reasons");
  else send([]);
}

async function send(reasons) {
  if (box.sending || !box.level) return;
  box.sending = true;
  byId("rating").classList.add("is-sending");
  try {
    await post("/api/v1/ratings", { ticket: box.id, level: box.level.value, reasons });
    result(box.level, "Cảm ơn bạn đã đánh giá!", "Thank you for your feedback!");
  } catch (error) {
    if (["already_rated", "rating_closed"].includes(error.code)) load(box.id);
    else {
      byId("rating-error").textContent = split(error.message).vi;
      byId("rating-error").hidden = false;
    }
  } finally {
    box.sending = false;
    byId("rating").classList.remove("is-sending");
  }
}

/** The ticket as the page shows it now: offer the rating once it is served. */
export function showRating(ticket) {
  if (ticket.status !== "served") {
    byId("rating").hidden = true;
    box.id = null;
    return;
  }
  if (box.id === ticket.id) return;
  box.id = ticket.id;
  load(ticket.id);
}

/** A live event: a rating of this visit made elsewhere, or a new day, is read again. */
export function ratingNews(name, payload, ticket) {
  if (!box.id || box.sending || ticket.status !== "served") return;
  const mine = name === "ticket_rated" && payload.rating && payload.rating.number === ticket.number;
  if ((mine && !byId("rating").classList.contains("is-done")) || name === "day_changed") load(box.id);
}

byId("rating-send").addEventListener("click", () => send(chosenReasons(byId("rating-reasons"))));
byId("rating-back").addEventListener("click", () => { if (!box.sending) step("levels"); });
