/* The audit log, newest first, live. The server tells each event (`text`, `by`); events it
 * leaves untold (queue counts, echoes) are not shown. */
import { byId, clone, fill } from "../lib/dom.js";
import { get } from "../lib/http.js";
import { hhmmss } from "../lib/time.js";
import { counterName, state } from "./state.js";
import { emptyRow, failed } from "./ui.js";

const PAGE = 200;
const audit = { newest: 0, oldest: 0 };

function auditRows(events) {
  return events.filter((event) => event.text).reverse().map((event) => {
    const ticket = event.payload.ticket;
    const n = event.counter || (event.payload.counter && event.payload.counter.number) || (ticket && ticket.counter);
    return fill(clone("audit-template"), {
      ".at": hhmmss(event.at), ".event-text": event.text, ".ticket-no": ticket ? ticket.number : "",
      ".counter": n ? counterName(n) : "", ".by": event.by,
    });
  });
}

const page = (after, limit) => get(`/api/v1/events?after=${after}&limit=${limit}`);

export async function loadAudit() {
  const after = Math.max(0, state.seq - PAGE);
  let events;
  try { events = await page(after, PAGE); } catch (error) { failed(error); return; }
  Object.assign(audit, { oldest: after, newest: events.length ? events[events.length - 1].seq : after });
  const body = byId("audit");
  body.replaceChildren(...auditRows(events));
  if (!body.children.length) emptyRow(body, 5, "Chưa có hoạt động", "Nothing yet");
  byId("audit-more").hidden = after === 0;
}

let fetching = null;
let again = false;

/** New events arrived while the log is shown: fetch them (one request at a time). */
export function auditChanged() {
  if (fetching) { again = true; return; }
  fetching = loadNewer().finally(() => {
    fetching = null;
    if (again) { again = false; auditChanged(); }
  });
}

/** Put the events after the newest shown on top. */
async function loadNewer() {
  let events;
  try { events = await page(audit.newest, PAGE); } catch { return; }
  if (!events.length) return;
  audit.newest = events[events.length - 1].seq;
  const rows = auditRows(events);
  if (!rows.length) return;
  const body = byId("audit");
  const empty = body.querySelector("td.empty");
  if (empty) empty.parentNode.remove();
  for (const row of rows) row.classList.add("is-new");
  body.prepend(...rows);
}

async function loadOlderAudit() {
  const before = audit.oldest;
  const after = Math.max(0, before - PAGE);
  let events;
  try { events = await page(after, before - after); } catch (error) { failed(error); return; }
  byId("audit").append(...auditRows(events));
  audit.oldest = after;
  byId("audit-more").hidden = after === 0;
}

export function wireAudit() {
  byId("audit-more").addEventListener("click", loadOlderAudit);
}
