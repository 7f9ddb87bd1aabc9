/* Device tokens: pair a kiosk, a display or a counter's rating screen with a one-time code
 * (shown once, typed on the device's locked screen), list the tokens with their ticket rate
 * and when a kiosk was last held back, revoke them; sign a person out everywhere. */
import { byId, clone, el, fill } from "../lib/dom.js";
import { get, post } from "../lib/http.js";
import { t } from "../lib/i18n.js";
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

const moment = (iso) => `${dateText(iso.slice(0, 10))} ${hhmm(iso)}`;

/** A kiosk's ticket rate, and when it was last held back by it. */
function rateCell(cell, token) {
  if (token.role !== "kiosk") { cell.textContent = "—"; return; }
  cell.append(token.max_per_minute
    ? el("span", null, t(`${token.max_per_minute} phiếu/phút`, `${token.max_per_minute} a minute`))
    : el("span", null, t("Không giới hạn", "No limit")));
  if (token.last_limited_at) {
    const at = hhmm(token.last_limited_at);
    const note = el("span", "token-limited", t(`Bị chặn lúc ${at}`, `Held back at ${at}`));
    note.title = t(`Cấp số quá nhanh, bị chặn lúc ${moment(token.last_limited_at)}`,
                   `Issued too fast, held back at ${moment(token.last_limited_at)}`);
    cell.append(note);
  }
}

function tokenRow(token) {
  const row = fill(clone("token-template"), {
    ".token-name": token.name,
    ".token-role": (ROLE_NAMES[token.role] || token.role) + (token.counters.length ? ` ${token.counters.join(", ")}` : ""),
    ".token-created": moment(token.created_at),
  });
  row.dataset.token = token.id;
  rateCell(row.querySelector(".token-rate"), token);
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
  if (!tokens.length) emptyRow(body, 6, "Chưa có mã nào", "No token yet");
  loadPeople();
}

// ------------------------------------------------------------------ pairing
function showCode(made) {
  byId("secret-name").textContent = made.name;
  byId("pairing-code").textContent = made.code;
  byId("pairing-until").textContent = hhmm(made.expires_at);
  byId("token-secret").hidden = false;
}

function hideCode() {
  byId("pairing-code").textContent = "";
  byId("token-secret").hidden = true;
}

async function makeCode(e) {
  e.preventDefault();
  const form = byId("token-form");
  const body = { name: form.elements.name.value.trim(), role: form.elements.role.value };
  if (body.role === "rating") body.counter = Number(form.elements.counter.value);
  if (body.role === "kiosk") body.max_per_minute = Number(form.elements.max_per_minute.value);
  try {
    const made = await post(`${MANAGE_API}/pairing-codes`, body);
    form.reset();
    showChoices();
    showCode(made);
  } catch (error) {
    failed(error);
  }
}

/** A rating screen is for one counter, a kiosk has a ticket rate: show what the kind needs. */
function showChoices() {
  const role = byId("token-form").elements.role.value;
  byId("token-counter-field").hidden = role !== "rating";
  byId("token-rate-field").hidden = role !== "kiosk";
  byId("token-rate").required = role === "kiosk";
  const select = byId("token-counter");
  if (role === "rating" && !select.options.length) {
    select.replaceChildren(...state.counterOrder.map((n) => {
      const option = el("option", null, counterName(n));
      option.value = n;
      return option;
    }));
  }
}

// ------------------------------------------------------------------ people
async function signOutEverywhere(person) {
  const ok = await askConfirm([`Đăng xuất “${person.full_name}” khỏi mọi máy?`, `Sign “${person.full_name}” out everywhere?`],
    "Mọi phiên đăng nhập của người này kết thúc ngay; quầy họ giữ được giải phóng. (Every session ends now; their counter is released.)",
    ["Đăng xuất", "Sign out"]);
  if (!ok) return;
  try {
    const done = await post(`${MANAGE_API}/people/${person.id}/sign-out`);
    toast(`Đã đăng xuất ${person.full_name}: ${done.ended} phiên (${done.ended} session(s) ended)`);
    loadPeople();
  } catch (error) {
    failed(error);
  }
}

function personRow(person) {
  const row = fill(clone("person-template"), {
    ".person-name": person.full_name,
    ".person-username": person.username,
    ".person-sessions": String(person.sessions),
    ".person-seen": person.last_seen_at ? moment(person.last_seen_at) : "—",
  });
  row.dataset.user = person.id;
  const button = row.querySelector("button");
  if (!person.sessions) button.remove();
  else button.addEventListener("click", () => signOutEverywhere(person));
  return row;
}

async function loadPeople() {
  let people;
  try { people = await get(`${MANAGE_API}/people`); } catch (error) { failed(error); return; }
  const body = byId("people");
  body.replaceChildren(...people.map(personRow));
  if (!people.length) emptyRow(body, 5, "Chưa có tài khoản nào", "No account yet");
}

export function wireTokens() {
  byId("token-form").addEventListener("submit", makeCode);
  byId("token-form").addEventListener("change", showChoices);
  byId("secret-hide").addEventListener("click", hideCode);
}
