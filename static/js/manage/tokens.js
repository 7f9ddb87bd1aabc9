/* Device tokens: mint one for a kiosk, a display or a counter's rating screen (shown once),
 * list them, revoke them. */
import { byId, clone, el, fill } from "../lib/dom.js";
import { get, post } from "../lib/http.js";
import { dateText, hhmm } from "../lib/time.js";
import { MANAGE_API, counterName, state } from "./state.js";
import { askConfirm, badge, emptyRow, failed, toast } from "./ui.js";

const ROLE_NAMES = { kiosk: "Ki-ốt cấp số", display: "Màn hình", rating: "Màn hình đánh giá quầy",
                     clerk: "Quầy (cán bộ)", manager: "Quản lý", admin: "Quản trị" };
const REVOCABLE_HERE = ["kiosk", "display", "rating", "clerk"];

async function revokeToken(token) {
  const ok = await askConfirm([`Thu hồi mã “${token.name}”?`, `Revoke “${token.name}”?`],
    "Thiết bị dùng mã này sẽ ngừng hoạt động ngay. (The device stops working at once.)",
    ["Thu hồi", "Revoke"]);
  if (!ok) return;
  try {
    await post(`${MANAGE_API}/tokens/${token.id}/revoke`);
    toast(`Đã thu hồi mã “${token.name}” (revoked)`);
    loadTokens();
  } catch (error) {
    failed(error);
  }
}

function tokenRow(token) {
  const row = fill(clone("token-template"), {
    ".token-name": token.name,
    ".token-role": (ROLE_NAMES[token.role] || token.role) + (token.counters.length ? ` ${token.counters.join(", ")}` : ""),
    ".token-created": `${dateText(token.created_at.slice(0, 10))} ${hhmm(token.created_at)}`,
  });
  row.dataset.token = token.id;
  row.classList.toggle("is-revoked", !!token.revoked_at);
  row.querySelector(".token-state").append(token.revoked_at
    ? badge("revoked", `Đã thu hồi ${hhmm(token.revoked_at)}`, "Revoked")
    : badge("active", "Đang dùng", "Active"));
  const revoke = row.querySelector("button");
  if (token.revoked_at || !REVOCABLE_HERE.includes(token.role)) revoke.remove();
  else revoke.addEventListener("click", () => revokeToken(token));
  return row;
}

export async function loadTokens() {
  let tokens;
  try { tokens = await get(`${MANAGE_API}/tokens`); } catch (error) { failed(error); return; }
  const body = byId("tokens");
  body.replaceChildren(...tokens.map(tokenRow));
  if (!tokens.length) emptyRow(body, 5, "Chưa có mã nào", "No token yet");
}

function showSecret(answer) {
  const kiosk = !!answer.enrol_url;
  byId("secret-name").textContent = answer.token.name;
  byId("secret-value").value = answer.secret;
  byId("secret-link").value = answer.enrol_url || "";
  byId("secret-link").hidden = byId("secret-link-label").hidden = !kiosk;
  byId("secret-qr").hidden = byId("secret-hint").hidden = !kiosk;
  if (kiosk) byId("secret-qr").src = answer.qr;
  byId("token-secret").hidden = false;
}

function hideSecret() {
  byId("secret-value").value = "";
  byId("secret-link").value = "";
  byId("secret-qr").removeAttribute("src");
  byId("token-secret").hidden = true;
}

async function createToken(e) {
  e.preventDefault();
  const form = byId("token-form");
  const body = { name: form.elements.name.value.trim(), role: form.elements.role.value };
  if (body.role === "rating") body.counter = Number(form.elements.counter.value);
  try {
    const answer = await post(`${MANAGE_API}/tokens`, body);
    form.reset();
    showCounterChoice();
    showSecret(answer);
    loadTokens();
  } catch (error) {
    failed(error);
  }
}

function copySecret() {
  const field = byId("secret-link").value ? byId("secret-link") : byId("secret-value");
  field.select();
  const done = () => toast("Đã sao chép (copied)");
  const fallback = () => { document.execCommand("copy"); done(); };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, fallback);
  else fallback();
}

/** A rating screen's token is for one counter: offer the hall's counters when it is chosen. */
function showCounterChoice() {
  const rating = byId("token-form").elements.role.value === "rating";
  byId("token-counter-field").hidden = !rating;
  const select = byId("token-counter");
  if (rating && !select.options.length) {
    select.replaceChildren(...state.counterOrder.map((n) => {
      const option = el("option", null, counterName(n));
      option.value = n;
      return option;
    }));
  }
}

export function wireTokens() {
  byId("token-form").addEventListener("submit", createToken);
  byId("token-form").addEventListener("change", showCounterChoice);
  byId("secret-copy").addEventListener("click", copySecret);
  byId("secret-hide").addEventListener("click", hideSecret);
}
