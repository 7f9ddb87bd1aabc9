/* Hall time. The hall is in Asia/Ho_Chi_Minh (UTC+7, no daylight saving); every conversion
 * of an instant to the hall's clock happens here, and the server's clock is the one that
 * counts: `sync` it from a snapshot's `now`, read it with `now()`.
 */

const ZONE = "Asia/Ho_Chi_Minh";
const FIELDS = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit",
});
export const WEEKDAYS = {
  vi: ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};

let offsetMs = 0;         // server clock - this machine's clock

/** Take the server's clock from an ISO time it just sent (a snapshot's `now`). */
export function sync(serverNowIso) {
  offsetMs = Date.parse(serverNowIso) - Date.now();
}

/** Now on the server's clock, in ms since the epoch. */
export function now() {
  return Date.now() + offsetMs;
}

/** The hall's wall clock at an instant (ms, Date or ISO string): {year, month, day, hour, …}. */
export function hallParts(when) {
  const date = typeof when === "string" ? new Date(Date.parse(when)) : new Date(when);
  const parts = {};
  for (const part of FIELDS.formatToParts(date)) {
    if (part.type !== "literal") parts[part.type] = part.value;
  }
  parts.weekday = new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day)).getUTCDay();
  return parts;
}

/** "08:15" in hall time ("—" without a time). */
export function hhmm(when) {
  if (when === null || when === undefined || when === "") return "—";
  const p = hallParts(when);
  return `${p.hour}:${p.minute}`;
}

/** "08:15:03" in hall time. */
export function hhmmss(when) {
  if (when === null || when === undefined || when === "") return "—";
  const p = hallParts(when);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** "30/11/2026" in hall time. */
export function ddmmyyyy(when) {
  const p = hallParts(when);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "Thứ Hai, 30/11/2026" (or the English weekday). */
export function longDate(when, lang = "vi") {
  return `${WEEKDAYS[lang][hallParts(when).weekday]}, ${ddmmyyyy(when)}`;
}

/** A calendar date as the server writes it ("2026-11-30") -> "30/11/2026". */
export function dateText(isoDate) {
  return isoDate.split("-").reverse().join("/");
}

const pad = (n) => String(n).padStart(2, "0");

/** A running clock: "3:05" or "1:02:03". */
export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  return `${hours ? `${hours}:${pad(m)}` : m}:${pad(s % 60)}`;
}

const UNITS = { vi: { s: "giây", m: "phút", h: "giờ" }, en: { s: "s", m: "min", h: "h" } };

/** A wait in minutes: "12 phút", "1 giờ 05 phút" ("—" when unknown); lang "en": "1 h 05 min". */
export function minutesText(minutes, lang = "vi") {
  if (minutes === null || minutes === undefined) return "—";
  const u = UNITS[lang] || UNITS.vi;
  return minutes < 60 ? `${minutes} ${u.m}` : `${Math.floor(minutes / 60)} ${u.h} ${pad(minutes % 60)} ${u.m}`;
}

/** A wait: "45 giây", "12 phút", "1 giờ 05 phút" (or in English: "45 s", "12 min"). */
export function waitText(ms, lang = "vi") {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s} ${(UNITS[lang] || UNITS.vi).s}` : minutesText(Math.floor(s / 60), lang);
}

/** Whole minutes from an ISO time to now (server clock); null without a time. */
export function minutesSince(iso) {
  if (!iso) return null;
  return Math.max(0, Math.floor((now() - Date.parse(iso)) / 60000));
}
