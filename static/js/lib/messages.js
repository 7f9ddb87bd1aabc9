/* Server messages are "Vietnamese (English)": one place splits them for the two languages. */
import { t } from "./i18n.js";

const BILINGUAL = /^([\s\S]*?\S)\s*\(([^()]*)\)\s*$/;

/** "Quầy 2 đang bận (counter busy)" -> {vi: "Quầy 2 đang bận", en: "counter busy"}. */
export function split(text) {
  const match = BILINGUAL.exec(text || "");
  return match ? { vi: match[1], en: match[2] } : { vi: text || "", en: "" };
}

/** Both halves of a server message, the English one starting as a sentence. */
export function halves(text) {
  const { vi, en } = split(text);
  return { vi, en: en && en.charAt(0).toUpperCase() + en.slice(1) };
}

/** The half of a server message in the staff page's language (lib/i18n.js). */
export function localized(text) {
  const { vi, en } = halves(text);
  return t(vi, en);
}
