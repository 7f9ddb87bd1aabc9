/* The rating scale's faces, drawn as SVG: each level has a face whose mouth (and brows) say
 * how it feels, so the scale never relies on colour alone; the level's colour fills it.
 *
 *   import { face } from "./lib/faces.js";
 *   button.prepend(face("very-happy", "#1b7f3b"));
 *
 * Face names are the ones hall/ratings.py accepts (FACES).
 */
const SVG = "http://www.w3.org/2000/svg";

// name -> [mouth path, filled mouth?, brows path or null]
const SHAPES = {
  "very-happy": ["M27 58 Q50 92 73 58 Z", true, null],
  happy: ["M31 62 Q50 80 69 62", false, null],
  neutral: ["M33 67 L67 67", false, null],
  unhappy: ["M31 73 Q50 58 69 73", false, null],
  "very-unhappy": ["M28 77 Q50 52 72 77", false, "M24 29 L41 36 M76 29 L59 36"],
};

function part(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** An <svg> face (100×100 view box, sized by CSS), hidden from screen readers: the level's
 * text label says the same. */
export function face(name, colour) {
  const [mouth, filled, brows] = SHAPES[name] || SHAPES.neutral;
  const ink = "#fff";
  const svg = part("svg", { viewBox: "0 0 100 100", class: `face face-${name}`, "aria-hidden": "true",
                            focusable: "false" });
  svg.append(part("circle", { cx: 50, cy: 50, r: 46, fill: colour || "#444" }));
  svg.append(part("circle", { cx: 35, cy: 42, r: 6.5, fill: ink }));
  svg.append(part("circle", { cx: 65, cy: 42, r: 6.5, fill: ink }));
  svg.append(part("path", filled
    ? { d: mouth, fill: ink, stroke: ink, "stroke-width": 4, "stroke-linejoin": "round" }
    : { d: mouth, fill: "none", stroke: ink, "stroke-width": 7, "stroke-linecap": "round" }));
  if (brows) {
    svg.append(part("path", { d: brows, fill: "none", stroke: ink, "stroke-width": 6,
                              "stroke-linecap": "round" }));
  }
  return svg;
}
