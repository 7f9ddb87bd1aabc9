/* The sign-in page (/login): only its language switch needs a script. */
import { wireLangSwitch } from "./lib/i18n.js";

wireLangSwitch();
