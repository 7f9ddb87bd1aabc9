/* The counter as the clerk sees it: its state, the current citizen, which buttons work, and
 * the undo of its last done, no-show or transfer while the server allows it (`undo_until`). */
import { byId, el } from "../lib/dom.js";
import { get } from "../lib/http.js";
import { lang, pair, t } from "../lib/i18n.js";
import { halves } from "../lib/messages.js";
import { clock, now, waitText } from "../lib/time.js";
import { BASE, N, allowed, config, state, undoLeftMs } from "./state.js";

/** Draw the counter the server sent (an answer, a live event or a re-read). */
export function renderCounter(counter) {
  if (!counter || counter.number !== N) return;
  state.counter = counter;
  if (state.seated && counter.clerk_id !== config.me.id) { lost(counter); return; }
  const ticket = counter.current;
  if (ticket && !state.firstCalled[ticket.id]) state.firstCalled[ticket.id] = ticket.called_at;
  byId("ticket").className = `ticket is-${counter.status}`;
  document.body.dataset.status = counter.status;
  const label = byId("state-labels").content.querySelector(`[data-status="${counter.status}"]`);
  byId("ticket-state").replaceChildren(...(label ? label.cloneNode(true).childNodes : [counter.status]));
  byId("pause-reason").textContent = counter.status === "paused" ? (counter.pause_reason || "") : "";
  byId("ticket-number").textContent = ticket ? ticket.number : "—";
  byId("ticket-area").textContent = ticket ? ticket.area_name : "";
  renderTags(ticket);
  renderDossier(ticket);
  tickCounter();
  renderButtons();
  renderUndo();
}

function tag(cls, vi, en) {
  return pair(el("span", cls), vi, en);
}

function renderTags(ticket) {
  const tags = byId("ticket-tags");
  tags.textContent = "";
  if (!ticket) return;
  if (ticket.priority) {
    const label = ticket.priority_label || ticket.priority;
    tags.append(tag("tag tag-priority", `Ưu tiên · ${label}`, `Priority · ${ticket.priority_label_en || label}`));
  }
  if (ticket.origin) tags.append(tag("tag", "Được chuyển đến", "Transferred here"));
  if (ticket.call_count > 1) tags.append(tag("tag", `Đã gọi ${ticket.call_count} lần`, `Called ${ticket.call_count} times`));
}

function renderDossier(ticket) {
  const input = byId("dossier-code");
  const code = ticket && ticket.dossier_code;
  if (code) pair(byId("dossier-saved"), `Đã gắn: ${code}`, `Attached: ${code}`);
  else byId("dossier-saved").textContent = "";
  if (document.activeElement !== input) input.value = "";
}

/** The command a button runs now: the pause button resumes a paused counter. */
export function buttonCommand(button) {
  const name = button.dataset.action;
  const toggled = button.dataset.toggle;
  return toggled && state.counter && state.counter.status === "paused" ? toggled : name;
}

/** Enable what the server says the counter can do (`actions`), unless a request is in flight. */
export function renderButtons() {
  for (const button of document.querySelectorAll(".act")) {
    const name = buttonCommand(button);
    button.disabled = !allowed(name);
    if (button.dataset.toggle) {
      const command = config.commands.find((c) => c.name === name);
      button.querySelector(".act-label .vi").textContent = command.label_vi;
      button.querySelector(".act-label .en").textContent = command.label_en;
    }
  }
  const pause = document.querySelector('.act[data-toggle]');
  if (pause) {
    pause.title = state.counter && state.counter.current
      ? t("Bấm Xong trước khi tạm dừng", "Finish the current citizen first") : "";
  }
  byId("dossier-save").disabled = !allowed("dossier");
  byId("dossier-code").disabled = !state.seated || !state.counter || !state.counter.actions.includes("dossier");
  for (const button of document.querySelectorAll(".missed-call")) button.disabled = !allowed("call");
  byId("undo").disabled = !allowed("undo");
  document.body.classList.toggle("is-busy", state.busy);
}

// ------------------------------------------------------------------ undo
let undoTimer = null;

/** The "Hoàn tác" button with its countdown: shown while the server allows an undo. */
export function renderUndo() {
  const left = state.seated ? undoLeftMs() : 0;
  const button = byId("undo");
  clearTimeout(undoTimer);
  if (left <= 0) {
    button.hidden = true;
    return;
  }
  button.hidden = false;
  button.disabled = !allowed("undo");
  byId("undo-left").textContent = `${Math.ceil(left / 1000)} ${t("giây", "s")}`;
  const total = (config.undo_seconds || 10) * 1000;
  byId("undo-bar").style.transform = `scaleX(${Math.min(1, left / total).toFixed(3)})`;
  undoTimer = setTimeout(renderUndo, Math.min(250, left));
}

/** The current citizen's clocks: how long they waited, how long they have been served. */
export function tickCounter() {
  const ticket = state.counter && state.counter.current;
  const first = ticket && (state.firstCalled[ticket.id] || ticket.called_at);
  byId("ticket-waited").textContent = ticket && first
    ? waitText(Date.parse(first) - Date.parse(ticket.issued_at), lang()) : "—";
  byId("ticket-served").textContent = ticket && first ? clock(now() - Date.parse(first)) : "—";
}

/** Re-read the counter; an answer overtaken by a later action (or one in flight) is dropped. */
export async function refreshCounter() {
  const sent = state.sent;
  let counter;
  try { counter = await get(BASE); } catch { return; }
  if (state.busy) { state.staleAfterBusy = true; return; }
  if (state.sent === sent) renderCounter(counter);
}

/** No seat: say why plainly, offer the way back; no action is reachable. */
export function refuse(message, canRetake) {
  state.seated = false;
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
  const { vi, en } = halves(message);
  pair(byId("refused-text"), vi, en);
  byId("retake").hidden = !canRetake;
  byId("desk").hidden = true;
  byId("refused").hidden = false;
  renderUndo();
  document.body.classList.remove("is-starting");
  document.body.classList.add("is-refused");
}

/** The counter changed hands under us (a manager released it, or we sat elsewhere). */
function lost(counter) {
  if (counter.clerk) {
    refuse(`${counter.name} đang do ${counter.clerk} sử dụng (${counter.name} is held by ${counter.clerk})`, false);
  } else {
    refuse(`Bạn không còn giữ ${counter.name} (you no longer hold ${counter.name})`, true);
  }
}
