/* What the clerk does: one button per counter command (from hall/commands.py, via the page
 * config), its keyboard shortcut, the dialogs of the commands that need an answer, and sending.
 *
 * Every action is an HTTP POST to /api/v1/counters/<n>/<command>. While a request is in flight
 * every action is disabled, and a second press of the same action within DOUBLE_PRESS_MS (or
 * the second click of a double-click) is ignored, so nothing acts twice. After an error the
 * counter is read again, so what is shown is what the server holds.
 *
 * Shortcuts (never while typing in a field, never with Ctrl/Alt/Meta, never on key repeat):
 * each command's letter; 1–9 pick in the transfer / pause lists; Esc cancels. The transfer
 * list numbers the hall's areas in config order, as the counter keypad does (the ticket's own
 * area keeps its digit, disabled). A code typed or scanned into the dossier field and sent with
 * Enter gives the focus back to the page, so the next shortcut works at once.
 */
import { byId, clone } from "../lib/dom.js";
import { post } from "../lib/http.js";
import { pair } from "../lib/i18n.js";
import { buttonCommand, refreshCounter, renderButtons, renderCounter } from "./counter.js";
import { showMessage } from "./messages.js";
import { refreshMissed, refreshToday } from "./panels.js";
import { AREA_NAMES, BASE, COMMANDS, allowed, config, later, state } from "./state.js";

export const DOUBLE_PRESS_MS = 600;
// Commands with a place of their own on the page (the rest get a plain button):
const FIELD = "dossier";                   // the dossier-code field under the ticket
const OWN_PLACE = new Set([FIELD, "undo"]); // undo: a button with a countdown by the message line
const SHARES_BUTTON = { resume: "pause" }; // one button pauses and resumes
const DIALOGS = { transfer: openTransfer, call: openCall, pause: openPause };

// ------------------------------------------------------------------ buttons
/** One button per command that has a shortcut, in the order of the command list. */
export function buildButtons() {
  const buttons = config.commands
    .filter((c) => c.shortcut && !OWN_PLACE.has(c.name) && !SHARES_BUTTON[c.name])
    .map((command) => {
      const button = clone("act-template");
      button.classList.add(`act-${command.name}`);
      button.dataset.action = command.name;
      button.querySelector(".act-label .vi").textContent = command.label_vi;
      button.querySelector(".act-label .en").textContent = command.label_en;
      button.querySelector("kbd").textContent = command.shortcut;
      const partner = Object.keys(SHARES_BUTTON).find((name) => SHARES_BUTTON[name] === command.name);
      if (partner) button.dataset.toggle = partner;
      return button;
    });
  byId("actions").replaceChildren(...buttons);
}

function shortcuts() {
  const keys = {};
  for (const command of config.commands) {
    const code = command.shortcut && `Key${command.shortcut.toUpperCase()}`;
    if (code && !keys[code]) keys[code] = SHARES_BUTTON[command.name] || command.name;
  }
  return keys;
}

// ------------------------------------------------------------------ pressing and sending
/** Press the button of a command: focus its field, open its dialog, or send it. */
export function press(name) {
  if (name === FIELD) {                    // only moves the focus: fine while a request is in flight
    if (state.seated && state.counter && state.counter.actions.includes(FIELD)) byId("dossier-code").focus();
    return;
  }
  const button = document.querySelector(`.act[data-action="${name}"]`);
  const command = button ? buttonCommand(button) : name;
  if (!allowed(command)) return;
  if (DIALOGS[command]) DIALOGS[command]();
  else if (COMMANDS[command].fields.length) openFields(COMMANDS[command]);
  else send(command);
}

/** POST one command; the answer (or, after an error, a fresh read) redraws the counter. */
export async function send(name, body) {
  const t = Date.now();
  const key = `${name} ${JSON.stringify(body || {})}`;
  if (state.busy || !state.seated) return false;
  if (state.lastPress.key === key && t - state.lastPress.at < DOUBLE_PRESS_MS) return false;
  state.lastPress = { key, at: t };
  const before = state.counter && state.counter.current;
  state.busy = true;
  state.sent += 1;
  renderButtons();
  let counter = null;
  let failure = null;
  try { counter = await post(`${BASE}/${name}`, body); } catch (error) { failure = error; }
  state.busy = false;
  const stale = state.staleAfterBusy;
  state.staleAfterBusy = false;
  if (counter) {
    renderCounter(counter);
    afterAction(name, before, counter, body || {});
    if (stale) refreshCounter();     // news arrived meanwhile: it may be newer than our answer
  } else {
    showMessage(failure.message, "error");
    refreshCounter();
  }
  renderButtons();
  return !!counter;
}

function afterAction(name, before, counter, body) {
  const [text, kind] = describe(name, before && before.number, counter.current, body);
  showMessage(text, kind || "done");
  if (name === FIELD) byId("dossier-code").value = "";
  if (name === "no-show" || name === "call") refreshMissed();
  if (!["pause", "resume", "recall"].includes(name)) later("today", refreshToday);
}

/** The activity line after a successful command: [text "vi (en)", kind]. */
function describe(name, was, current, body) {
  const number = current && current.number;
  const area = AREA_NAMES[body.area] || body.area;
  switch (name) {
    case "next":
      if (!number) return ["Không còn ai chờ ở các lĩnh vực của quầy (no one is waiting)", "info"];
      return [`Đã gọi số ${number}${was ? ` · số ${was} đã xong` : ""} (called ${number}${was ? ` · ${was} done` : ""})`];
    case "call": return [`Đã gọi số ${number} (called ${number})`];
    case "recall": return [`Đã gọi lại số ${number} (recalled ${number})`];
    case "done": return [`Số ${was} đã phục vụ xong (${was} served)`];
    case "no-show":
      return [`Số ${was} vắng mặt — gọi lại được trong ${config.no_show_minutes} phút `
              + `(${was} marked no-show, can be called back for ${config.no_show_minutes} min)`];
    case "transfer": return [`Đã chuyển số ${was} sang ${area} (${was} transferred to ${area})`];
    case "undo": return [`Đã hoàn tác — số ${number} trở lại quầy (undone: ${number} is back at the counter)`];
    case "pause": return [`Quầy tạm dừng: ${body.reason} (counter paused: ${body.reason})`];
    case "resume": return ["Quầy làm việc trở lại (counter resumed)"];
    case "dossier": return [`Đã gắn mã hồ sơ ${body.code} cho số ${number} (dossier code attached to ${number})`];
    default: return [`${COMMANDS[name].label_vi} (${COMMANDS[name].label_en})`];
  }
}

// ------------------------------------------------------------------ dialogs
function openDialog(id, focus) {
  const dialog = byId(id);
  if (dialog.open) return;
  dialog.showModal();
  if (focus) { focus.value = ""; focus.focus(); }
}

/** A numbered list of one-press choices (digit n picks the n-th; a disabled one stays in its
 * place, so the digits never shift). Items: {value, label, hint: [vi, en], disabled}. */
function fillChoices(list, items, onPick) {
  list.replaceChildren(...items.map((item, i) => {
    const li = clone("choice-template");
    const button = li.querySelector(".choice-btn");
    button.querySelector("kbd").textContent = String(i + 1);
    button.querySelector(".choice-label").textContent = item.label;
    if (item.hint) pair(button.querySelector(".choice-hint"), ...item.hint);
    button.dataset.value = item.value;
    button.disabled = !!item.disabled;
    button.addEventListener("click", (e) => { if (e.detail <= 1 && !button.disabled) onPick(item.value); });
    return li;
  }));
}

/** Every area of the hall in config order (as on the keypad); the ticket's own one disabled. */
function openTransfer() {
  const current = state.counter.current;
  const items = config.areas.map((a) => {
    const own = a.id === current.area;
    const waiting = state.areas[a.id] ? state.areas[a.id].waiting : null;
    const hint = own ? ["Lĩnh vực hiện tại của số này", "This ticket's own area"]
      : waiting === null ? null : [`${waiting} người đang chờ`, `${waiting} waiting`];
    return { value: a.id, label: a.name, hint, disabled: own };
  });
  fillChoices(byId("transfer-choices"), items, (area) => {
    byId("transfer-dialog").close();
    send("transfer", { area });
  });
  openDialog("transfer-dialog");
}

function openCall() {
  openDialog("call-dialog", byId("call-number"));
}

function openPause() {
  const items = config.pause_reasons.map((r) => ({ value: r, label: r }));
  fillChoices(byId("pause-choices"), items, pauseWith);
  openDialog("pause-dialog", byId("pause-other"));
  byId("pause-other").blur();
}

function pauseWith(reason) {
  reason = (reason || "").trim();
  if (!reason) { byId("pause-other").focus(); return; }
  byId("pause-dialog").close();
  send("pause", { reason });
}

/** A command this page has no dialog of its own for: one text box per field. */
function openFields(command) {
  const form = byId("fields-form");
  pair(byId("fields-title"), command.label_vi, command.label_en);
  byId("fields").replaceChildren(...command.fields.map((name, i) => {
    const row = clone("field-template");
    const input = row.querySelector("input");
    input.id = `field-${i}`;
    input.name = name;
    row.querySelector("label").htmlFor = input.id;
    row.querySelector("label").textContent = name;
    return row;
  }));
  form.dataset.command = command.name;
  openDialog("fields-dialog");
  form.querySelector("input").focus();
}

function onSubmit(id, handler) {
  byId(id).addEventListener("submit", (e) => { e.preventDefault(); handler(e.target); });
}

function wireDialogs() {
  for (const button of document.querySelectorAll("dialog [data-close]")) {
    button.addEventListener("click", () => button.closest("dialog").close());
  }
  for (const dialog of document.querySelectorAll("dialog")) {
    dialog.addEventListener("close", () => {
      if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    });
  }
  onSubmit("pause-form", () => pauseWith(byId("pause-other").value));
  onSubmit("call-form", () => {
    const ticket = byId("call-number").value.trim();
    if (!ticket) return;
    byId("call-dialog").close();
    send("call", { ticket });
  });
  onSubmit("dossier-form", async () => {
    const input = byId("dossier-code");
    const code = input.value.trim();
    if (!code) return;
    input.blur();                      // the next shortcut works at once
    if (!(await send(FIELD, { code })) && state.seated) {
      input.value = code;              // refused: keep it to be corrected
      input.focus();
    }
  });
  onSubmit("fields-form", (form) => {
    const body = Object.fromEntries([...form.querySelectorAll("input")].map((i) => [i.name, i.value.trim()]));
    byId("fields-dialog").close();
    send(form.dataset.command, body);
  });
}

// ------------------------------------------------------------------ keyboard
function typing(target) {
  return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function onKey(e, keys) {
  if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
  const dialog = document.querySelector("dialog[open]");
  if (dialog) {
    if (typing(e.target)) return;
    const digit = /^Digit([1-9])$|^Numpad([1-9])$/.exec(e.code);
    if (!digit) return;
    const pick = dialog.querySelectorAll(".choice-btn")[Number(digit[1] || digit[2]) - 1];
    if (pick) { e.preventDefault(); if (!pick.disabled) pick.click(); }
    return;
  }
  if (typing(e.target)) {
    if (e.key === "Escape") e.target.blur();
    return;
  }
  const name = keys[e.code];
  if (!name) return;
  e.preventDefault();
  press(name);
}

/** Wire the buttons, the dialogs, the missed list's call-back buttons and the shortcuts. */
export function wireActions() {
  buildButtons();
  wireDialogs();
  byId("actions").addEventListener("click", (e) => {
    const button = e.target.closest(".act");
    if (!button || e.detail > 1) return;       // the second click of a double-click
    button.blur();                              // Enter/Space must not press it again
    press(button.dataset.action);
  });
  byId("undo").addEventListener("click", (e) => {
    if (e.detail > 1) return;
    byId("undo").blur();
    press("undo");
  });
  byId("missed").addEventListener("click", (e) => {
    const button = e.target.closest(".missed-call");
    if (!button || e.detail > 1) return;
    button.blur();
    if (allowed("call")) send("call", { ticket: button.dataset.ticketId });
  });
  const keys = shortcuts();
  document.addEventListener("keydown", (e) => onKey(e, keys));
}
