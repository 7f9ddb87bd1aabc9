/* Drawing the hall's rating scale (`RatingScale.public()` from the server) on a page: one big
 * button per level (face, Vietnamese label, English label) and toggle buttons for the
 * reasons of the lowest level. Used by the counter's rating screen and the phone page; each
 * page gives its own <template>s with the same parts:
 *
 *   level template:  .level-face  .level-label  .level-en
 *   reason template: .reason-label  .reason-en   (a <button>; aria-pressed tells if chosen)
 */
import { clone } from "./dom.js";
import { face } from "./faces.js";

/** One button per level, best first; `onPick(level)` when tapped. */
export function drawLevels(container, templateId, scale, onPick) {
  container.replaceChildren(...scale.levels.map((level) => {
    const button = clone(templateId);
    button.dataset.level = level.value;
    button.style.setProperty("--level-colour", level.colour);
    button.querySelector(".level-face").append(face(level.face, level.colour));
    button.querySelector(".level-label").textContent = level.label;
    button.querySelector(".level-en").textContent = level.label_en !== level.label ? level.label_en : "";
    button.addEventListener("click", () => onPick(level));
    return button;
  }));
  container.dataset.count = scale.levels.length;
}

/** One toggle per configured reason, none chosen. */
export function drawReasons(container, templateId, scale) {
  container.replaceChildren(...scale.reasons.map((reason) => {
    const button = clone(templateId);
    button.dataset.reason = reason.id;
    button.setAttribute("aria-pressed", "false");
    button.querySelector(".reason-label").textContent = reason.label;
    button.querySelector(".reason-en").textContent = reason.label_en !== reason.label ? reason.label_en : "";
    button.addEventListener("click", () => {
      button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
    });
    return button;
  }));
}

/** The ids of the reasons chosen in a container drawn by drawReasons. */
export function chosenReasons(container) {
  return [...container.querySelectorAll('[aria-pressed="true"]')].map((button) => button.dataset.reason);
}

/** Whether a level asks for reasons (the scale's lowest). */
export const asksReasons = (scale, level) => level.value === scale.ask_reasons_at && scale.reasons.length > 0;

/** The level of a value, or null. */
export const levelOf = (scale, value) => scale.levels.find((level) => level.value === value) || null;
