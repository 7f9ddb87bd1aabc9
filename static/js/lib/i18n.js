/* Staff pages' words: `t(vi, en)` picks the language of the page. Minimal for now (the English
 * switch is being built): it returns the Vietnamese. */

/** The words in the page's language. */
export function t(vi, en) {   // eslint-disable-line no-unused-vars
  return vi;
}
