/* The staff pages' language: Vietnamese, or English at the reader's choice.
 *
 * Templates pair every label, `<span class="vi">Tiếng Việt</span><span class="en">English</span>`,
 * and staff.css shows the half of `<html lang>`; the server renders that attribute from the
 * `luot_lang` cookie, so the page is painted in the right language at once. The header's
 * "VI / EN" switch (templates/_staff.html) flips it without a reload and remembers the choice
 * in this browser. In JS:
 *
 *   t("Xong", "Done")          -> the words of the current language (for titles, labels)
 *   pair(node, "Xong", "Done") -> both halves as spans: switching needs no redraw
 *   onLangChange(fn)           -> redraw what was written with t()
 */
const COOKIE = "luot_lang";
const YEAR_SECONDS = 365 * 24 * 3600;

/** The page's language now: "vi" or "en". */
export function lang() {
  return document.documentElement.lang === "en" ? "en" : "vi";
}

/** The words of the current language (Vietnamese when there is no English). */
export function t(vi, en) {
  return lang() === "en" && en ? en : vi;
}

/** Fill a node with both halves (`.vi` and `.en` spans); plain text when they agree. */
export function pair(node, vi, en) {
  if (!en || en === vi) {
    node.textContent = vi ?? "";
    return node;
  }
  const first = document.createElement("span");
  first.className = "vi";
  first.textContent = vi;
  const second = document.createElement("span");
  second.className = "en";
  second.textContent = en;
  node.replaceChildren(first, second);
  return node;
}

/** Switch the page to a language and remember it in this browser. */
export function setLang(value) {
  const next = value === "en" ? "en" : "vi";
  document.cookie = `${COOKIE}=${next}; path=/; max-age=${YEAR_SECONDS}; SameSite=Lax`;
  if (lang() === next) return;
  document.documentElement.lang = next;
  document.dispatchEvent(new CustomEvent("luot:lang", { detail: next }));
}

/** Call fn(lang) after every switch (for text written with t()). */
export function onLangChange(fn) {
  document.addEventListener("luot:lang", (event) => fn(event.detail));
}

// Attributes in two languages: data-label-vi/-en -> aria-label, data-title-vi/-en -> title,
// data-placeholder-vi/-en -> placeholder, data-alt-vi/-en -> alt.
const ATTRIBUTES = { label: "aria-label", title: "title", placeholder: "placeholder", alt: "alt" };

/** Set the two-language attributes under root to the current language. */
export function localizeAttributes(root = document) {
  for (const [key, attribute] of Object.entries(ATTRIBUTES)) {
    const vi = `data-${key}-vi`;
    for (const node of root.querySelectorAll(`[${vi}]`)) {
      node.setAttribute(attribute, t(node.getAttribute(vi), node.getAttribute(`data-${key}-en`)));
    }
  }
}

/** Wire the page's "VI / EN" switches (templates/_staff.html `lang_switch`). */
export function wireLangSwitch() {
  for (const button of document.querySelectorAll("[data-lang-switch]")) {
    button.addEventListener("click", () => setLang(lang() === "en" ? "vi" : "en"));
  }
  localizeAttributes();
  onLangChange(() => localizeAttributes());
}
