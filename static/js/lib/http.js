/* One way to talk to the server. Every call resolves with the JSON body, or rejects with an
 * HttpError {status, code, message, details} taken from the server's error body
 * {"error": {code, message, details}} (status 0 and code "network" when it cannot be reached).
 * Writes made with a login session carry the page's CSRF token; devices send a bearer token.
 */
import { csrfToken, url } from "./dom.js";

export class HttpError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

const UNREACHABLE = "Không kết nối được máy chủ — thử lại (cannot reach the server)";

/** One JSON request (a root-relative path stays in this page's hall). Options: body, token
 * (bearer), timeoutMs. */
export async function request(method, path, { body, token, timeoutMs } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (method !== "GET" && csrfToken()) headers["X-CSRFToken"] = csrfToken();
  const abort = new AbortController();
  const timer = timeoutMs ? setTimeout(() => abort.abort(), timeoutMs) : null;
  let response;
  try {
    response = await fetch(url(path), { method, headers, credentials: "same-origin", cache: "no-store",
                                   signal: abort.signal,
                                   body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new HttpError(0, "network", UNREACHABLE);
  } finally {
    clearTimeout(timer);
  }
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  const error = (data && data.error) || {};
  throw new HttpError(response.status, error.code || `http_${response.status}`,
                      error.message || `Máy chủ báo lỗi ${response.status} (server error)`,
                      error.details);
}

/** GET path -> JSON. */
export const get = (path, options) => request("GET", path, options);

/** POST body to path -> JSON. */
export const post = (path, body, options) => request("POST", path, { ...options, body });
