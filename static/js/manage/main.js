/* The manager's dashboard (/manage): one view at a time, chosen by the side menu (#overview,
 * #reprint, …); each view loads its data when shown. Reads come from /api/v1 and the live
 * socket; writes use the login session (lib/http.js sends the page's CSRF token).
 *
 *   overview.js       summary, queue by area, counters and their commands
 *   devices.js        the devices panel of the overview
 *   reprint.js        find a ticket, preview it, reprint it
 *   announcements.js  what the hall heard; a test call
 *   report.js         the period report (report-period.js: presets; report-charts.js: charts)
 *   ratings.js        citizens' ratings of a day
 *   tokens.js         device tokens
 *   locks.js          sign-in locks, and lifting them
 *   audit.js          the audit log, told by the server
 *
 * Labels come in pairs (lib/i18n.js); the header's "VI / EN" switch picks the language.
 */
import { byId } from "../lib/dom.js";
import { onLangChange, wireLangSwitch } from "../lib/i18n.js";
import { connect } from "../lib/live.js";
import { showLink } from "../lib/staff.js";
import { dateText, sync } from "../lib/time.js";
import { announcementsChanged, fillCounterSelect, loadAnnouncements, wireAnnouncements } from "./announcements.js";
import { auditChanged, loadAudit, wireAudit } from "./audit.js";
import { loadDevices, updateDevice } from "./devices.js";
import { loadLocks, wireLocks } from "./locks.js";
import { renderAreas, renderCounters, renderSummary, tick, updateCounter } from "./overview.js";
import { loadRatings, ratingsChanged, wireRatings } from "./ratings.js";
import { loadReport, wireReport } from "./report.js";
import { showReprint, wireReprint } from "./reprint.js";
import { state } from "./state.js";
import { loadTokens, wireTokens } from "./tokens.js";
import { wireDialogs } from "./ui.js";

const VIEWS = {      // name -> what to do when it is shown (after the first snapshot)
  overview: null, reprint: null, announcements: loadAnnouncements, report: loadReport,
  ratings: loadRatings, tokens: loadTokens, locks: loadLocks, audit: loadAudit,
};

function showView() {
  let name = (location.hash || "#overview").slice(1);
  if (!(name in VIEWS)) name = "overview";
  state.view = name;
  for (const view of Object.keys(VIEWS)) byId(`view-${view}`).hidden = view !== name;
  for (const link of document.querySelectorAll(".side a")) {
    const current = link.dataset.view === name;
    link.classList.toggle("is-current", current);
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  for (const row of document.querySelectorAll(".is-flash")) row.classList.remove("is-flash");
  if (VIEWS[name] && state.ready) VIEWS[name]();
  if (name === "reprint") showReprint();
}

// ------------------------------------------------------------------ live
function onSnapshot(snapshot) {
  sync(snapshot.now);
  state.seq = snapshot.seq;
  state.areas = Object.fromEntries(snapshot.areas.map((a) => [a.id, a]));
  state.areaOrder = snapshot.areas.map((a) => a.id);
  state.counters = Object.fromEntries(snapshot.counters.map((c) => [c.number, c]));
  state.counterOrder = snapshot.counters.map((c) => c.number);
  byId("business-date").textContent = dateText(snapshot.business_date);
  fillCounterSelect();
  renderAreas();
  renderCounters();
  renderSummary();
  tick();
  loadDevices();
  const first = !state.ready;
  state.ready = true;
  if (VIEWS[state.view] && (first || state.view === "audit")) VIEWS[state.view]();
}

function onEvent(name, payload) {
  if (payload && payload.seq) state.seq = payload.seq;
  if (name === "counter_updated") updateCounter(payload.counter);
  else if (name === "queue_updated") {
    if (!state.areas[payload.area.id]) state.areaOrder.push(payload.area.id);
    state.areas[payload.area.id] = payload.area;
    renderAreas();
    renderSummary();
  } else if (name === "device_status") updateDevice(payload.device);
  else if (name === "day_changed") state.live.resync();
  if (state.view === "audit" && payload && payload.seq) auditChanged();
  if (state.view === "ratings" && name === "ticket_rated") ratingsChanged();
  if (state.view === "announcements" && (name === "ticket_called" || name === "announcement")) {
    announcementsChanged();
  }
}

// ------------------------------------------------------------------ start
wireLangSwitch();
onLangChange(() => { if (state.ready) { renderSummary(); tick(); } });
wireDialogs();
wireLocks();
wireReprint();
wireAnnouncements();
wireReport();
wireRatings();
wireTokens();
wireAudit();
window.addEventListener("hashchange", showView);
showView();
state.live = connect({ onSnapshot, onEvent, onConnection: showLink, healthUrl: "/api/v1/health" });
setInterval(tick, 15000);
