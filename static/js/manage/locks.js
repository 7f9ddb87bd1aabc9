/* Sign-in locks: five wrong passwords lock a (name, address) pair for a while; the manager
 * sees the locks now (GET /manage/api/login-locks) and lifts a name's locks (POST …/unlock). */
import { byId, clone, fill } from "../lib/dom.js";
import { get, post } from "../lib/http.js";
import { hhmm, waitText } from "../lib/time.js";
import { MANAGE_API } from "./state.js";
import { askConfirm, emptyRow, failed, smallButton, toast } from "./ui.js";

const LOCKS = `${MANAGE_API}/login-locks`;

async function unlock(username) {
  const ok = await askConfirm([`Mở khóa đăng nhập của “${username}”?`, `Unlock “${username}”?`],
    [`Tài khoản “${username}” đăng nhập lại được ngay, từ mọi máy.`,
     `“${username}” may sign in again at once, from any machine.`],
    ["Mở khóa", "Unlock"]);
  if (!ok) return;
  try {
    await post(`${LOCKS}/unlock`, { username });
    toast([`Đã mở khóa “${username}”`, `“${username}” unlocked`]);
  } catch (error) {
    failed(error);
  }
  loadLocks();
}

function lockRow(lock) {
  const row = fill(clone("lock-template"), {
    ".lock-name": lock.username, ".lock-address": lock.address, ".lock-until": hhmm(lock.locked_until),
    ".lock-left": waitText(lock.seconds_left * 1000),
  });
  row.dataset.username = lock.username;
  const button = smallButton("Mở khóa", "Unlock", "btn-primary", () => unlock(lock.username));
  button.dataset.write = "";             // hidden in read-only mode (province accounts)
  row.querySelector(".actions").append(button);
  return row;
}

/** Read the locks now and list them. */
export async function loadLocks() {
  let locks;
  try { locks = await get(LOCKS); } catch (error) { failed(error); return; }
  const body = byId("locks");
  body.replaceChildren(...locks.map(lockRow));
  if (!locks.length) emptyRow(body, 5, "Không có tài khoản nào bị khóa", "No sign-in is locked");
}

export function wireLocks() {
  byId("locks-refresh").addEventListener("click", loadLocks);
}
