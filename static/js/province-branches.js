/* The province's branches (/province/branches): the page is drawn by the server; this only
   wires the language switch. */
import { wireLangSwitch } from "./lib/i18n.js";

wireLangSwitch();
