/* Staff pages' words: `t(vi, en)` gives the words in the page's language. Minimal for now
 * (the English switch is being built elsewhere): it gives the Vietnamese; callers pass the
 * English too, so the switch needs no change where it is used. */

/** The words in the page's language (for now always Vietnamese). */
export function t(vi, en) {   // en: used once the English switch lands
  return vi;
}
