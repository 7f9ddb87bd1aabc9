/* The report's period: presets (day, week, month, quarter, year) around a day, moved a
 * period at a time; a custom range moves by its own length. Dates are ISO strings
 * (YYYY-MM-DD), business days of the hall; the hall's today comes from the server. */

const day = (iso) => new Date(`${iso}T00:00:00Z`);
const iso = (date) => date.toISOString().slice(0, 10);
const addDays = (date, n) => new Date(date.getTime() + n * 86400000);
const monthStart = (y, m) => new Date(Date.UTC(y, m, 1));    // m may overflow: JS normalises

/** [from, to] of the preset's period that contains `anchor` (both ISO dates). */
export function periodAround(preset, anchor) {
  const d = day(anchor);
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  switch (preset) {
    case "week": {
      const monday = addDays(d, -((d.getUTCDay() + 6) % 7));
      return [iso(monday), iso(addDays(monday, 6))];
    }
    case "month": return [iso(monthStart(y, m)), iso(addDays(monthStart(y, m + 1), -1))];
    case "quarter": {
      const first = m - (m % 3);
      return [iso(monthStart(y, first)), iso(addDays(monthStart(y, first + 3), -1))];
    }
    case "year": return [`${y}-01-01`, `${y}-12-31`];
    default: return [anchor, anchor];
  }
}

/** The period one step earlier (step -1) or later (+1) than from…to. */
export function shifted(preset, from, to, step) {
  const start = day(from);
  if (preset === "custom") {
    const length = Math.round((day(to) - start) / 86400000) + 1;
    return [iso(addDays(start, step * length)), iso(addDays(day(to), step * length))];
  }
  const y = start.getUTCFullYear(), m = start.getUTCMonth();
  const anchor = { day: addDays(start, step), week: addDays(start, 7 * step),
                   month: monthStart(y, m + step), quarter: monthStart(y, m + 3 * step),
                   year: monthStart(y + step, 0) }[preset] || start;
  return periodAround(preset, iso(anchor));
}

/** A period no later than today: its end is cut at today. */
export function clipped([from, to], today) {
  return [from > today ? today : from, to > today ? today : to];
}

/** "Từ ngày 01/01/2026 đến ngày 31/03/2026" */
export function periodWords(from, to) {
  const dmy = (value) => value.split("-").reverse().join("/");
  return from === to ? `Ngày ${dmy(from)}` : `Từ ngày ${dmy(from)} đến ngày ${dmy(to)}`;
}
