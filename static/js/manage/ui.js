/* The manager page's common pieces: the toast, the confirm and pause dialogs, small cells. */
import { byId, clone, el, say } from "../lib/dom.js";
import { split } from "../lib/messages.js";

let toastTimer = null;

/** A short note at the bottom: a server-style "Vietnamese (English)" text. */
export function toast(message, isError = false) {
  const { vi, en } = split(message);
  byId("toast-text").textContent = vi;
  byId("toast-en").textContent = en;
  byId("toast").classList.toggle("is-error", isError);
  byId("toast").hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { byId("toast").hidden = true; }, isError ? 7000 : 3500);
}

/** Show a request's failure (an HttpError from lib/http.js). */
export function failed(error) {
  toast(error.message, true);
}

/** A coloured status label: kind picks the colour (status-ok, status-paused, …). */
export function badge(kind, vi, en) {
  const node = el("span", `status status-${kind}`, vi);
  if (en) node.title = en;
  return node;
}

/** A table body's "nothing here" row. */
export function emptyRow(tbody, columns, vi, en) {
  const row = clone("empty-row-template");
  const cell = row.querySelector("td");
  cell.colSpan = columns;
  say(cell, vi, en);
  tbody.append(row);
}

/** A small button with a Vietnamese label and its English as a tooltip. */
export function smallButton(vi, en, cls, onClick) {
  const button = el("button", `btn btn-small ${cls}`, vi);
  button.type = "button";
  if (en) button.title = en;
  button.addEventListener("click", onClick);
  return button;
}

/** Ask yes or no; resolves true for yes. */
export function askConfirm(title, text, okLabel) {
  const dialog = byId("confirm-dialog");
  byId("confirm-title").textContent = title;
  byId("confirm-text").textContent = text;
  byId("confirm-ok").textContent = okLabel;
  return new Promise((resolve) => {
    dialog.onclose = () => resolve(dialog.returnValue === "ok");
    dialog.returnValue = "";
    dialog.showModal();
  });
}

/** Ask why a counter pauses; resolves with the reason, or null when cancelled. */
export function askPauseReason(counterName) {
  const dialog = byId("pause-dialog");
  byId("pause-counter").textContent = counterName;
  byId("pause-reason").value = "";
  return new Promise((resolve) => {
    dialog.onclose = () => {
      const reason = byId("pause-reason").value.trim();
      resolve(dialog.returnValue === "ok" && reason ? reason : null);
    };
    dialog.returnValue = "";
    dialog.showModal();
    byId("pause-reason").focus();
  });
}

export function wireDialogs() {
  for (const button of document.querySelectorAll("[data-close]")) {
    button.addEventListener("click", () => button.closest("dialog").close("cancel"));
  }
  byId("pause-reasons").addEventListener("click", (e) => {
    if (!e.target.classList.contains("chip")) return;
    byId("pause-reason").value = e.target.textContent;
    byId("pause-reason").focus();
  });
}
