/* Pieces shared by the staff pages (console, counter choice, manager). */
import { byId } from "./dom.js";
import { pair } from "./i18n.js";

/** The header's connection light (templates/_staff.html `link_state`). */
export function showLink(state) {
  const online = state === "online";
  byId("link-state").className = `link-state ${online ? "is-online" : "is-offline"}`;
  if (online) pair(byId("link-text"), "Trực tuyến", "Online");
  else pair(byId("link-text"), "Mất kết nối máy chủ — đang thử lại", "Server unreachable — retrying");
}
