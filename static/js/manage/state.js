/* The manager page's config (from admin/web.py) and what it knows of the hall now. */
import { pageConfig } from "../lib/dom.js";

export const config = pageConfig("manage-config");
export const MANAGE_API = "/manage/api";

export const state = {
  counters: {}, counterOrder: [],   // number -> counter (with its `actions`), in hall order
  areas: {}, areaOrder: [],         // id -> area view, in hall order
  devices: {},                      // id -> {id, status, detail, since}
  seq: 0,                           // the last event seen
  view: null, ready: false, live: null,
};

/** A counter's name, from the live state ("Quầy 3" when unknown). */
export function counterName(n) {
  return state.counters[n] ? state.counters[n].name : `Quầy ${n}`;
}

/** An area's name, from the live state (its id when unknown). */
export function areaName(id) {
  return state.areas[id] ? state.areas[id].name : id;
}
