/* The counter as the clerk sees it: its state, the current citizen, which buttons work. */
import { byId, el } from "../lib/dom.js";
import { get } from "../lib/http.js";
import { split } from "../lib/messages.js";
import { clock, now, waitText } from "../lib/time.js";
import { BASE, N, allowed, config, state } from "./state.js";

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
}

function renderTags(ticket) {
  const tags = byId("ticket-tags");
  tags.textContent = "";
  if (!ticket) return;
  if (ticket.priority) tags.append(el("span", "tag tag-priority", `Ưu tiên · ${ticket.priority_label || ticket.priority}`));
  if (ticket.origin) tags.append(el("span", "tag", "Được chuyển đến"));
  if (ticket.call_count > 1) tags.append(el("span", "tag", `Đã gọi ${ticket.call_count} lần`));
}

function renderDossier(ticket) {
  const input = byId("dossier-code");
  byId("dossier-saved").textContent = ticket && ticket.dossier_code ? `Đã gắn: ${ticket.dossier_code}` : "";
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
      button.querySelector(".act-vi").textContent = command.label_vi;
      button.querySelector(".en").textContent = command.label_en;
    }
  }
  const pause = document.querySelector('.act[data-toggle]');
  if (pause) {
    pause.title = state.counter && state.counter.current
      ? "Bấm Xong trước khi tạm dừng (finish the current citizen first)" : "";
  }
  byId("dossier-save").disabled = !allowed("dossier");
  byId("dossier-code").disabled = !state.seated || !state.counter || !state.counter.actions.includes("dossier");
  for (const button of document.querySelectorAll(".missed-call")) button.disabled = !allowed("call");
  document.body.classList.toggle("is-busy", state.busy);
}

/** The current citizen's clocks: how long they waited, how long they have been served. */
export function tickCounter() {
  const ticket = state.counter && state.counter.current;
  const first = ticket && (state.firstCalled[ticket.id] || ticket.called_at);
  byId("ticket-waited").textContent = ticket && first
    ? waitText(Date.parse(first) - Date.parse(ticket.issued_at)) : "—";
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
  const { vi, en } = split(message);
  byId("refused-text").textContent = vi;
  byId("refused-en").textContent = en;
  byId("retake").hidden = !canRetake;
  byId("desk").hidden = true;
  byId("refused").hidden = false;
  document.body.classList.remove("is-starting");
  document.body.classList.add("is-refused");
}

/** The counter changed hands under us (a manager released it, or we sat elsewhere). */
function lost(counter) {
  if (counter.clerk) {
    refuse(`${counter.name} đang do ${counter.clerk} sử dụng (held by ${counter.clerk})`, false);
  } else {
    refuse(`Bạn không còn giữ ${counter.name} (you no longer hold this counter)`, true);
  }
}
