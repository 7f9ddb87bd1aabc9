/* The manager page's common pieces: the toast, the confirm and pause dialogs, small cells.
 * Texts are drawn in both languages (lib/i18n.js `pair`; staff.css shows one): a server-style
 * "Vietnamese (English)" string, or a [vi, en] pair. */
import { byId, clone, el } from "../lib/dom.js";
import { pair } from "../lib/i18n.js";
import { halves } from "../lib/messages.js";

let toastTimer = null;

/** Fill a node with a "Vietnamese (English)" text or a [vi, en] pair. */
export function words(node, text) {
  if (Array.isArray(text)) return pair(node, text[0], text[1]);
  const { vi, en } = halves(text);
  return pair(node, vi, en);
}

/** A short note at the bottom: a server-style "Vietnamese (English)" text. */
export function toast(message, isError = false) {
  words(byId("toast-text"), message);
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
  return pair(el("span", `status status-${kind}`), vi, en);
}

/** A table body's "nothing here" row. */
export function emptyRow(tbody, columns, vi, en) {
  const row = clone("empty-row-template");
  const cell = row.querySelector("td");
  cell.colSpan = columns;
  pair(cell, vi, en);
  tbody.append(row);
}

/** A small button labelled in both languages. */
export function smallButton(vi, en, cls, onClick) {
  const button = pair(el("button", `btn btn-small ${cls}`), vi, en);
  button.type = "button";
  button.addEventListener("click", onClick);
  return button;
}

/** Ask yes or no; resolves true for yes. Each text: "vi (en)" or [vi, en]. */
export function askConfirm(title, text, okLabel) {
  const dialog = byId("confirm-dialog");
  words(byId("confirm-title"), title);
  words(byId("confirm-text"), text);
  words(byId("confirm-ok"), okLabel);
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
