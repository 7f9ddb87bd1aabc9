/* Lượt kiosk: choose an area, a priority (or none), take a number, see where to go.
 *
 * Rules: one ticket request in flight at most; every tap answers at once (pressed + busy
 * state set synchronously); taps are ignored just after a screen appears (screens.js).
 *
 *   state.js  timings and state     text.js   the words, vi and en
 *   screens.js screens, guards, countdown     areas.js  area and priority buttons
 */
import { byId, url } from "../lib/dom.js";
import { get, post } from "../lib/http.js";
import { connect } from "../lib/live.js";
import { split } from "../lib/messages.js";
import { hhmm, longDate, now, sync } from "../lib/time.js";
import { renderAreas, renderPriorities, reopenText, updateArea } from "./areas.js";
import { blocked, guarded, show, startCountdown, stopCountdown, syncButtons } from "./screens.js";
import {
  AREAS_POLL_MS, ENGLISH_IDLE_SECONDS, HEALTH_POLL_MS, MESSAGE_SECONDS, PRIORITY_IDLE_SECONDS,
  REQUEST_TIMEOUT_MS, RESULT_SECONDS, RESULT_SECONDS_PRINTER_DOWN, findArea, state,
} from "./state.js";
import { pick, t, translatePage } from "./text.js";

const TOKEN_KEY = "luot.kiosk.token";

function goHome(newCitizen) {
  stopCountdown();
  state.area = null;
  state.ticket = null;
  if (newCitizen && state.lang !== "vi") setLang("vi");
  show(state.token ? "home" : "enrol");
}

// ------------------------------------------------------------------ language
function setLang(lang) {
  state.lang = lang;
  document.documentElement.lang = lang;
  document.body.dataset.lang = lang;
  translatePage(lang);
  document.querySelector(".lang-flag").textContent = t("langFlag");
  byId("lang-toggle").lang = lang === "vi" ? "en" : "vi";
  renderAreas();
  renderPriorities();
  if (state.area) byId("priority-area").textContent = pick(state.area, "name", "name_en");
  if (state.ticket) renderResult();
  if (state.screen === "message" && state.message) renderMessage();
  renderClock();
  renderHall();
}

function renderHall() {
  if (!state.hall) return;
  byId("hall-name").textContent = pick(state.hall, "name", "name_en");
  byId("hall-notice").textContent = state.hall.notice || "";
}

// ------------------------------------------------------------------ issuing
function chooseArea(id) {
  const area = findArea(id);
  if (!area || !area.open) return;
  state.area = area;
  if (!state.priorities.length) { issue(null, document.querySelector(`[data-area="${id}"]`)); return; }
  byId("priority-area").textContent = pick(area, "name", "name_en");
  show("priority");
}

async function issue(priority, button) {
  if (blocked() || !state.area) return;
  state.inFlight = true;                       // synchronously: a second tap is a no-op
  if (button) button.classList.add("is-busy");
  syncButtons();
  let ticket = null;
  let failure = null;
  try {
    ticket = await post("/api/v1/tickets", { area: state.area.id, priority },
                        { token: state.token, timeoutMs: REQUEST_TIMEOUT_MS });
  } catch (error) {
    failure = error;
  }
  state.inFlight = false;
  if (button) button.classList.remove("is-busy");
  if (ticket) showResult(ticket);
  else if (failure.status === 401 || failure.status === 403) forgetToken();
  else if (failure.status === 0 || failure.status >= 500) serverDown();
  else showMessage(failure.message, failure.details);
}

// ------------------------------------------------------------------ result
function showResult(ticket) {
  state.ticket = ticket;
  renderResult();
  byId("result-qr").src = url(`/t/${encodeURIComponent(ticket.id)}/qr.svg`);
  show("result");
  startCountdown(printerProblem() ? RESULT_SECONDS_PRINTER_DOWN : RESULT_SECONDS, byId("countdown"),
                 () => goHome(true));
}

function renderResult() {
  const ticket = state.ticket;
  const area = findArea(ticket.area) || {};
  byId("result-number").textContent = ticket.number;
  byId("result-area").textContent = pick(ticket, "area_name", "area_name_en");
  const badge = byId("result-priority");
  badge.hidden = !ticket.priority;
  badge.textContent = ticket.priority ? t("priorityBadge")(pick(ticket, "priority_label", "priority_label_en")) : "";
  // The counters staffed now; with none, say so rather than guess a wait.
  const open = area.open_counters || [];
  const counters = byId("result-counters");
  counters.textContent = open.length ? t("counterList")(open) : t("noCounterOpen");
  counters.classList.toggle("is-text", !open.length);
  byId("result-ahead").textContent = t("aheadN")(ticket.ahead || 0);
  byId("result-ahead-note").textContent = ticket.ahead > 0 ? "" : t("aheadNone");
  const wait = byId("result-wait");
  const minutes = open.length ? ticket.estimated_wait_min : null;
  wait.textContent = !open.length ? t("waitWhenOpen") : minutes == null ? t("noEstimate") : t("minutes")(minutes);
  wait.classList.toggle("is-text", minutes == null || minutes < 1);
  renderPrinter();
}

function printerProblem() {
  const status = state.printer && state.printer.status;
  return status && status !== "ok" && status !== "unknown" ? status : null;
}

function renderPrinter() {
  const problem = printerProblem();
  byId("result-printer").hidden = !problem;
  byId("result-printer-text").textContent = problem === "no_paper" ? t("printer_no_paper")
    : problem ? t("printer_error") : "";
}

// ------------------------------------------------------------------ messages
function showMessage(text, details) {
  state.message = { text, details: details || {} };
  renderMessage();
  show("message");
  startCountdown(MESSAGE_SECONDS, byId("message-countdown"), () => goHome(true));
}

function renderMessage() {
  const { vi, en } = split(state.message.text);
  const text = state.lang === "en" ? en || vi : vi;
  const reopen = reopenText(state.message.details.next_open);
  byId("message-title").textContent = t("sorry");
  byId("message-text").textContent = reopen ? `${text}. ${reopen}.` : text;
}

// ------------------------------------------------------------------ health
function serverDown() {
  state.fetchDown = true;
  renderOffline();
  if (state.healthTimer) return;
  state.healthTimer = setInterval(() => get("/api/v1/health").then(serverBack, () => {}), HEALTH_POLL_MS);
}

function serverBack() {
  clearInterval(state.healthTimer);
  state.healthTimer = null;
  state.fetchDown = false;
  renderOffline();
}

function renderOffline() {
  const down = state.liveDown || state.fetchDown;
  byId("offline").hidden = !down;
  document.body.classList.toggle("is-offline", down);
  if (down && (state.screen === "priority" || state.screen === "message")) goHome(false);
}

async function refreshAreas() {
  if (!state.token || state.liveDown) return;
  try {
    const areas = await get("/api/v1/areas");
    if (Array.isArray(areas)) areas.forEach(updateArea);
  } catch {
    serverDown();
  }
}

async function loadPrinterStatus() {
  try { state.printer = await get("/kiosk/printer-status"); } catch { return; }
  renderPrinter();
}

async function loadPriorities() {
  try {
    state.priorities = await get("/api/v1/priorities");
    renderPriorities();
  } catch {
    setTimeout(loadPriorities, 3000);
  }
}

// ------------------------------------------------------------------ live
function onSnapshot(snapshot) {
  sync(snapshot.now);
  state.businessDate = snapshot.business_date;
  state.areas = snapshot.areas.slice();
  if (snapshot.hall) state.hall = snapshot.hall;
  renderHall();
  renderAreas();
  loadPrinterStatus();
  if (state.fetchDown) serverBack();
  if (state.screen === "loading") show("home");
}

function onEvent(name, payload) {
  if (name === "queue_updated" && payload.area) {
    updateArea(payload.area);
    if (state.screen === "result" && state.ticket && state.ticket.area === payload.area.id) renderResult();
  }
  else if (name === "device_status" && payload.device && isPrinter(payload.device)) {
    state.printer = payload.device;
    renderPrinter();
  } else if (name === "day_changed" && state.live) state.live.resync();
}

const isPrinter = (device) => device.id === "printer" || device.kind === "printer";

function onConnection(connection) {
  state.liveDown = connection !== "online";
  renderOffline();
}

// ------------------------------------------------------------------ clock
function renderClock() {
  byId("clock-time").textContent = hhmm(now());
  byId("clock-date").textContent = longDate(now(), state.lang);
}

function onIdleTick() {
  renderClock();
  const idle = (Date.now() - state.lastTouch) / 1000;
  if (state.screen === "priority" && idle > PRIORITY_IDLE_SECONDS) goHome(true);
  else if (state.screen === "home" && state.lang !== "vi" && idle > ENGLISH_IDLE_SECONDS) setLang("vi");
}

// ------------------------------------------------------------------ taps
function onClick(event) {
  const target = event.target.closest("button");
  if (!target) return;
  if (target.id === "lang-toggle") { setLang(state.lang === "vi" ? "en" : "vi"); return; }
  if (guarded() || target.disabled) return;
  const action = target.dataset.action || "";
  if (action.startsWith("pair-")) { onPairKey(action, target.dataset.digit); return; }
  if (action === "area") { if (!blocked()) chooseArea(target.dataset.area); }
  else if (action === "issue") issue(target.dataset.priority || null, target);
  else if (action === "home") goHome(state.screen !== "priority");
}

function onPointerDown(event) {
  state.lastTouch = Date.now();
  const button = event.target.closest("button");
  if (button && !button.disabled) button.classList.add("pressed");
}

function onPointerUp() {
  for (const node of document.querySelectorAll(".pressed")) node.classList.remove("pressed");
}

/** A public touchscreen: no context menu, selection, dragging or zooming. */
function lockDown() {
  for (const name of ["contextmenu", "selectstart", "dragstart", "gesturestart"]) {
    document.addEventListener(name, (event) => event.preventDefault());
  }
  document.addEventListener("wheel", (event) => { if (event.ctrlKey) event.preventDefault(); }, { passive: false });
  document.addEventListener("touchmove", (event) => {
    if (event.touches && event.touches.length > 1) event.preventDefault();
  }, { passive: false });
}

// ------------------------------------------------------------------ enrolment
// A locked kiosk pairs with a one-time code the manager made: staff type its 8 digits here,
// the server answers with the kiosk's token, kept in localStorage (never in the address).
const pairing = { digits: "", busy: false };

function readToken() {
  const params = new URLSearchParams(location.search);
  if (params.has("enrol")) {                  // the old enrol link: its secret leaves the address
    params.delete("enrol");
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? `?${query}` : "") + location.hash);
  }
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}

function renderPairing(error) {
  const slots = byId("pair-code").children;
  for (let i = 0; i < slots.length; i += 1) slots[i].textContent = pairing.digits[i] || "_";
  byId("pair-go").disabled = pairing.busy || pairing.digits.length !== 8;
  if (error !== undefined) byId("pair-error").textContent = error;
}

async function onPairKey(action, digit) {
  if (pairing.busy) return;
  if (action === "pair-digit" && pairing.digits.length < 8) pairing.digits += digit;
  else if (action === "pair-erase") pairing.digits = pairing.digits.slice(0, -1);
  else if (action === "pair-go" && pairing.digits.length === 8) { await pair(); return; }
  renderPairing("");
}

async function pair() {
  pairing.busy = true;
  renderPairing("Đang ghép nối…");
  try {
    const answer = await post("/api/v1/pair", { code: pairing.digits, role: "kiosk" },
                              { timeoutMs: REQUEST_TIMEOUT_MS });
    try { localStorage.setItem(TOKEN_KEY, answer.token); } catch { /* private mode */ }
    pairing.digits = "";
    state.token = answer.token;
    pairing.busy = false;
    renderPairing("");
    begin();
  } catch (error) {
    pairing.busy = false;
    pairing.digits = "";
    renderPairing(split(error.message).vi);
  }
}

function forgetToken() {
  try { localStorage.removeItem(TOKEN_KEY); } catch { /* ignore */ }
  state.token = null;
  renderPairing("");
  goHome(true);
}

function start() {
  lockDown();
  document.addEventListener("click", onClick);
  document.addEventListener("pointerdown", onPointerDown);
  document.addEventListener("pointerup", onPointerUp);
  document.addEventListener("pointercancel", onPointerUp);
  setLang("vi");
  setInterval(onIdleTick, 1000);
  state.token = readToken();
  if (!state.token) { renderPairing(""); show("enrol"); return; }
  begin();
}

/** An enrolled kiosk starts: priorities, the live connection, the areas' poll. */
function begin() {
  loadPriorities();
  if (state.live) { show("home"); return; }          // paired again after a revoked token
  show("loading");
  state.live = connect({ onSnapshot, onEvent, onConnection });
  state.areasTimer = setInterval(refreshAreas, AREAS_POLL_MS);
}

window.LuotKiosk = { state };
start();
