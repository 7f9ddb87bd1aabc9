/* Live state: one Socket.IO connection, a snapshot, then every event in seq order.
 *
 *   import { connect } from "./lib/live.js";
 *   const live = connect({
 *     onSnapshot(snapshot) {...},          // full state (on connect, reconnect, resync)
 *     onEvent(name, payload) {...},        // ticket_issued, ticket_called, ... in seq order
 *     onConnection(state) {...},           // "online" | "offline" (after offlineAfterMs)
 *     offlineAfterMs: 3000,
 *     healthUrl: "/api/v1/health",        // optional watchdog, see below
 *     token: "...",                       // optional device token (kiosk, display, …)
 *   });
 *
 * Staff (a signed-in clerk or manager) receive every detail; everyone else receives what a
 * public screen shows (tickets by `public_id`, no dossier codes, no account ids).
 *
 * Hall events carry a gapless `seq`. Events that arrive before the snapshot are buffered; a
 * gap triggers `resync` (the server answers with a fresh snapshot). Events without a `seq`
 * (`device_status`, `announcement`, …) are outside the sequence and pass straight through.
 *
 * A network that drops silently (cable pulled, Wi-Fi gone) is only noticed by Socket.IO after
 * its ping timeout (tens of seconds). With `healthUrl`, the page also fetches that URL every
 * `healthEveryMs`: one failure starts the offline countdown, two in a row force a reconnect
 * (and so a fresh snapshot once the server is reachable again).
 *
 * The Socket.IO client is the vendored UMD build (static/vendor/socket.io.min.js), loaded as a
 * classic script before the page's modules; it sets `window.io`.
 */
import { url } from "./dom.js";
import { get } from "./http.js";


/** Connect and keep the page's state in step with the hall (see above). */
export function connect(options = {}) {
  const opts = { offlineAfterMs: 3000, url: undefined, healthUrl: null, healthEveryMs: 3000,
                 onSnapshot() {}, onEvent() {}, onConnection() {}, ...options };
  const socket = window.io(opts.url, { transports: ["websocket", "polling"], path: url("/socket.io"),
                                       reconnectionDelay: 500, reconnectionDelayMax: 3000,
                                       auth: opts.token ? { token: opts.token } : undefined });
  let seq = null;            // last applied seq; null until a snapshot arrives
  let pending = [];          // events received before the snapshot / during resync
  let resyncing = false;
  const online = onlineState(opts);

  function resync() {
    if (resyncing) return;
    resyncing = true;
    socket.emit("resync");
  }

  function apply(name, payload) {
    if (payload.seq <= seq) return;                     // already in the snapshot
    if (payload.seq !== seq + 1) { pending.push([name, payload]); resync(); return; }
    seq = payload.seq;
    opts.onEvent(name, payload);
  }

  socket.on("snapshot", (snapshot) => {
    seq = snapshot.seq;
    resyncing = false;
    online.set(true);
    opts.onSnapshot(snapshot);
    const queued = pending.sort((a, b) => a[1].seq - b[1].seq);
    pending = [];
    queued.forEach(([name, payload]) => { if (!resyncing) apply(name, payload); });
  });
  // A command's events arrive as one frame, `events: [[name, payload], ...]`, each with its
  // `seq`, applied in order. Anything else (device_status, announcement, …) passes straight
  // through. No list of event names to keep in step with the server.
  socket.on("events", (frame) => {
    for (const [name, payload] of frame.events) {
      if (seq === null || resyncing) pending.push([name, payload]);
      else apply(name, payload);
    }
  });
  socket.onAny((name, payload) => {
    if (name !== "snapshot" && name !== "events") opts.onEvent(name, payload);
  });
  socket.on("connect", () => online.set(true));
  socket.on("disconnect", () => { seq = null; resyncing = false; online.set(false); });
  socket.on("connect_error", () => online.set(false));
  online.set(false);
  if (opts.healthUrl) watchHealth(socket, opts, online);

  return { socket, resync, lastSeq: () => seq };
}

/** "online" at once; "offline" only after `offlineAfterMs` without a connection. */
function onlineState(opts) {
  let online = false;
  let timer = null;
  return {
    set(value) {
      if (value) {
        clearTimeout(timer); timer = null;
        if (!online) { online = true; opts.onConnection("online"); }
      } else if (online || timer === null) {
        online = false;
        if (timer === null) timer = setTimeout(() => opts.onConnection("offline"), opts.offlineAfterMs);
      }
    },
  };
}

function watchHealth(socket, opts, online) {
  let failures = 0;
  function failed() {
    if (!socket.connected) return;
    failures += 1;
    online.set(false);
    if (failures >= 2) { failures = 0; socket.disconnect(); socket.connect(); }
  }
  setInterval(() => {
    if (!socket.connected) { failures = 0; return; }
    get(opts.healthUrl, { timeoutMs: opts.healthEveryMs - 200 }).then(() => {
      if (failures && socket.connected) online.set(true);
      failures = 0;
    }, failed);
  }, opts.healthEveryMs);
}
