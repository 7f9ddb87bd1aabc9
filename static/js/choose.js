/* Choose a counter (/counter): counters change hands while the page is open; redraw when one does. */
import { connect } from "./lib/live.js";

let timer = null;
connect({
  onEvent(name) {
    if (name !== "counter_updated") return;
    clearTimeout(timer);
    timer = setTimeout(() => window.location.reload(), 300);
  },
});
