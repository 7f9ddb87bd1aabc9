/* Lượt live state: one Socket.IO connection, a snapshot, then every event in seq order.
 *
 *   const live = LuotLive.connect({
 *     onSnapshot(snapshot) {...},          // full state (on connect, reconnect, resync)
 *     onEvent(name, payload) {...},        // ticket_issued, ticket_called, ... in seq order
 *     onConnection(state) {...},           // "online" | "offline" (after offlineAfterMs)
 *     offlineAfterMs: 3000,
 *     healthUrl: "/api/v1/health",        // optional watchdog, see below
 *   });
 *
 * Events carry a gapless `seq`. Events that arrive before the snapshot are buffered; a gap
 * triggers `resync` (the server answers with a fresh snapshot). `device_status` and
 * `announcement` are outside the sequence and are passed straight through.
 *
 * A network that drops silently (cable pulled, Wi-Fi gone) is only noticed by Socket.IO after
 * its ping timeout (tens of seconds). With `healthUrl`, the page also fetches that URL every
 * `healthEveryMs`: one failure starts the offline countdown, two in a row force a reconnect
 * (and so a fresh snapshot once the server is reachable again).
 */
(function (global) {
  "use strict";
  var HALL_EVENTS = ["ticket_issued", "ticket_called", "ticket_updated", "counter_updated",
                     "queue_updated", "day_changed"];
  var PASS_THROUGH = ["device_status", "announcement"];

  function connect(options) {
    var opts = Object.assign({ offlineAfterMs: 3000, url: undefined, healthUrl: null,
                               healthEveryMs: 3000 }, options || {});
    var socket = global.io(opts.url, { transports: ["websocket", "polling"],
                                       reconnectionDelay: 500, reconnectionDelayMax: 3000 });
    var seq = null;            // last applied seq; null until a snapshot arrives
    var pending = [];          // events received before the snapshot / during resync
    var resyncing = false;
    var offlineTimer = null;
    var online = false;

    function setOnline(value) {
      if (value) {
        clearTimeout(offlineTimer); offlineTimer = null;
        if (!online) { online = true; opts.onConnection && opts.onConnection("online"); }
      } else if (online || offlineTimer === null) {
        online = false;
        if (offlineTimer === null) {
          offlineTimer = setTimeout(function () {
            opts.onConnection && opts.onConnection("offline");
          }, opts.offlineAfterMs);
        }
      }
    }

    function resync() {
      if (resyncing) return;
      resyncing = true;
      socket.emit("resync");
    }

    function apply(name, payload) {
      if (payload.seq <= seq) return;                     // already in the snapshot
      if (payload.seq !== seq + 1) { pending.push([name, payload]); resync(); return; }
      seq = payload.seq;
      opts.onEvent && opts.onEvent(name, payload);
    }

    socket.on("snapshot", function (snapshot) {
      seq = snapshot.seq;
      resyncing = false;
      setOnline(true);
      opts.onSnapshot && opts.onSnapshot(snapshot);
      var queued = pending.sort(function (a, b) { return a[1].seq - b[1].seq; });
      pending = [];
      queued.forEach(function (item) { if (!resyncing) apply(item[0], item[1]); });
    });

    HALL_EVENTS.forEach(function (name) {
      socket.on(name, function (payload) {
        if (seq === null || resyncing) { pending.push([name, payload]); return; }
        apply(name, payload);
      });
    });
    PASS_THROUGH.forEach(function (name) {
      socket.on(name, function (payload) { opts.onEvent && opts.onEvent(name, payload); });
    });
    socket.on("connect", function () { setOnline(true); });
    socket.on("disconnect", function () { seq = null; resyncing = false; setOnline(false); });
    socket.on("connect_error", function () { setOnline(false); });
    setOnline(false);
    if (opts.healthUrl) watchHealth(socket, opts, setOnline);

    return { socket: socket, resync: resync, lastSeq: function () { return seq; } };
  }

  function watchHealth(socket, opts, setOnline) {
    var failures = 0;
    function failed() {
      if (!socket.connected) return;
      failures += 1;
      setOnline(false);
      if (failures >= 2) { failures = 0; socket.disconnect(); socket.connect(); }
    }
    setInterval(function () {
      if (!socket.connected) { failures = 0; return; }
      var abort = new AbortController();
      var timer = setTimeout(function () { abort.abort(); }, opts.healthEveryMs - 200);
      global.fetch(opts.healthUrl, { cache: "no-store", signal: abort.signal })
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          if (failures && socket.connected) setOnline(true);
          failures = 0;
        })
        .catch(failed)
        .finally(function () { clearTimeout(timer); });
    }, opts.healthEveryMs);
  }

  global.LuotLive = { connect: connect };
})(window);
