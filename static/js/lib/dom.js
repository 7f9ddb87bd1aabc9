/* The few DOM helpers every page uses: find, make, clone a <template>, read the page config. */

/** The element with this id. */
export const byId = (id) => document.getElementById(id);

/** A new element with a class and a text. */
export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** Set a node's text to the Vietnamese words (a `.vi` span), with the English ones as a `.en`
 * span: public pages show both, staff pages the half of their language (lib/i18n.js). */
export function say(node, vi, en) {
  if (en && en !== vi) node.replaceChildren(el("span", "vi", vi), el("span", "en", en));
  else node.textContent = vi;
  return node;
}

/** A copy of the first element inside <template id="…">. */
export function clone(id) {
  return byId(id).content.firstElementChild.cloneNode(true);
}

/** Fill the parts of a cloned row: {selector: text}. */
export function fill(root, texts) {
  for (const [selector, text] of Object.entries(texts)) {
    root.querySelector(selector).textContent = text ?? "";
  }
  return root;
}

/** The JSON the server put in <script type="application/json" id="…">. */
export function pageConfig(id) {
  return JSON.parse(byId(id).textContent);
}

/** The page's CSRF token (staff pages), or null. */
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : null;
}

/** The path of this hall's root: "" for the default hall, "/h/<hall>" for another
 * (templates/base.html puts it in <meta name="luot-base">). */
export const HALL_BASE = (document.querySelector('meta[name="luot-base"]') || {}).content || "";

/** A root-relative path inside this hall ("/api/v1/state" -> "/h/ward-2/api/v1/state"). */
export function url(path) {
  return typeof path === "string" && path.startsWith("/") && !path.startsWith("//")
    ? HALL_BASE + path : path;
}
