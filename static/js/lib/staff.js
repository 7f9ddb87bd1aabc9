/* Pieces shared by the staff pages (console, counter choice, manager). */
import { byId } from "./dom.js";

/** The header's connection light (templates/_staff.html `link_state`). */
export function showLink(state) {
  const online = state === "online";
  byId("link-state").className = `link-state ${online ? "is-online" : "is-offline"}`;
  byId("link-text").textContent = online ? "Trực tuyến" : "Mất kết nối máy chủ — đang thử lại";
}
