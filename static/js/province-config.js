/* A branch's hall file at the province (/province/branches/<hall>/config): an admin edits the
   TOML text and sends it; the server checks it with the hall's parser and answers the new
   version, or says what is wrong (nothing is stored then). */
import { byId, say } from "./lib/dom.js";
import { request } from "./lib/http.js";
import { wireLangSwitch } from "./lib/i18n.js";

wireLangSwitch();

const form = byId("config-form");
const hall = byId("branch-config").dataset.hall;
const result = byId("config-result");

function tell(vi, en, failed) {
  say(result, vi, en);
  result.classList.toggle("is-error", failed);
  result.setAttribute("role", failed ? "alert" : "status");
}

form?.addEventListener("submit", async (e) => {
  e.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  tell("Đang kiểm tra…", "Checking…", false);
  try {
    const answer = await request("PUT", `/api/v1/province/branches/${encodeURIComponent(hall)}/config`,
                                 { body: { toml: byId("config-text").value } });
    const version = answer.desired_version.slice(0, 8);
    if (answer.configuration.state === "up_to_date") {
      tell(`Chi nhánh đang chạy đúng bản ${version} — không cần gửi gì thêm.`,
           `The branch runs ${version} already.`, false);
    } else {
      tell(`Đã gửi bản ${version}: chi nhánh nhận khi có mạng và áp dụng lúc vắng khách.`,
           `Sent ${version}: the branch fetches it when connected and applies it at its first quiet moment.`, false);
    }
  } catch (error) {
    tell(`Không gửi được — ${error.message}`, `Not sent — ${error.message}`, true);
  } finally {
    button.disabled = false;
  }
});
