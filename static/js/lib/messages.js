/* Server messages are "Vietnamese (English)": one place splits them for the two lines. */

const BILINGUAL = /^([\s\S]*?\S)\s*\(([^()]*)\)\s*$/;

/** "Quầy 2 đang bận (counter busy)" -> {vi: "Quầy 2 đang bận", en: "counter busy"}. */
export function split(text) {
  const match = BILINGUAL.exec(text || "");
  return match ? { vi: match[1], en: match[2] } : { vi: text || "", en: "" };
}
