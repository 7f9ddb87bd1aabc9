/* Choose a counter (/counter): counters change hands while the page is open; redraw when one does. */
import { wireLangSwitch } from "./lib/i18n.js";
import { connect } from "./lib/live.js";

let timer = null;
wireLangSwitch();
connect({
  onEvent(name) {
    if (name !== "counter_updated") return;
    clearTimeout(timer);
    timer = setTimeout(() => window.location.reload(), 300);
  },
});
