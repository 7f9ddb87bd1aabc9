/* Reprint a ticket: find today's tickets with a number, preview one, send it to the printer. */
import { byId, clone, el, fill, say, url } from "../lib/dom.js";
import { get, post } from "../lib/http.js";
import { hhmm } from "../lib/time.js";
import { MANAGE_API } from "./state.js";
import { failed, toast } from "./ui.js";

const STATUS = {
  waiting: "Đang chờ", called: "Đang được gọi", served: "Đã phục vụ", no_show: "Vắng mặt",
  transferred: "Đã chuyển", expired: "Hết hạn",
};

function showPreview(ticket) {
  const img = byId("preview-image");
  img.src = url(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/ticket.png`);
  img.hidden = false;
  byId("preview-box").querySelector(".empty").hidden = true;
}

async function reprint(ticket, button) {
  button.disabled = true;
  try {
    await post(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/reprint`);
    toast(`Đã gửi phiếu ${ticket.number} tới máy in (sent to the printer)`);
  } catch (error) {
    failed(error);
  }
  button.disabled = false;
}

function ticketResult(ticket) {
  const facts = [`${STATUS[ticket.status] || ticket.status} · cấp lúc ${hhmm(ticket.issued_at)}`];
  if (ticket.counter) facts.push(`quầy ${ticket.counter}`);
  if (ticket.priority_label) facts.push(`ưu tiên: ${ticket.priority_label}`);
  const item = fill(clone("ticket-result-template"), {
    ".big": ticket.number, "strong": ticket.area_name, ".sub": facts.join(" · "),
  });
  const button = item.querySelector("button");
  button.addEventListener("click", (e) => { e.stopPropagation(); reprint(ticket, button); });
  item.addEventListener("click", () => {
    for (const other of document.querySelectorAll(".ticket-result")) other.classList.remove("is-selected");
    item.classList.add("is-selected");
    showPreview(ticket);
  });
  return item;
}

async function findTicket(e) {
  e.preventDefault();
  const number = byId("reprint-number").value.trim();
  const list = byId("reprint-results");
  let tickets;
  try {
    tickets = await get(`${MANAGE_API}/tickets?number=${encodeURIComponent(number)}`);
  } catch (error) {
    failed(error);
    return;
  }
  if (!tickets.length) {
    list.replaceChildren(say(el("li", "empty"), `Hôm nay chưa cấp số ${number}`, "No ticket with this number today"));
    return;
  }
  list.replaceChildren(...tickets.map(ticketResult));
  list.firstChild.click();
}

export function showReprint() {
  byId("reprint-number").focus();
}

export function wireReprint() {
  byId("reprint-form").addEventListener("submit", findTicket);
}
