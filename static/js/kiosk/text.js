/* The kiosk's words in Vietnamese and English; Vietnamese is the default for every citizen. */
import { state } from "./state.js";

const T = {
  vi: {
    langSwitch: "English", langFlag: "EN",
    homeTitle: "Chạm vào lĩnh vực bạn cần giải quyết",
    chosenArea: "Lĩnh vực", priorityTitle: "Bạn có thuộc diện ưu tiên không?",
    normal: "Không — lấy số thường", normalSub: "Phần lớn công dân chọn nút này",
    priorityHead: "Có, tôi thuộc diện ưu tiên:",
    priorityNote: "Cán bộ có thể đề nghị xuất trình giấy tờ khi gọi số.",
    back: "Quay lại", busy: "Đang lấy số…", yourNumber: "Số thứ tự của bạn",
    counters: "Quầy phục vụ", ahead: "Số người chờ trước bạn", wait: "Thời gian chờ ước tính",
    qrTitle: "Theo dõi lượt trên điện thoại",
    qrText: "Quét mã QR bằng camera điện thoại. Trang sẽ báo khi đến lượt bạn.",
    done: "Xong", understood: "Đã hiểu", loading: "Đang tải…",
    waiting: (n) => `${n} người đang chờ`, noEstimate: "Chưa đủ dữ liệu để ước tính",
    noCounterOpen: "Chưa có quầy mở — vui lòng chờ",
    waitWhenOpen: "Sẽ ước tính khi có quầy mở",
    estimate: (n) => (n < 1 ? "Gần như không phải chờ" : `Chờ khoảng ${n} phút`),
    minutes: (n) => (n < 1 ? "Gần như không phải chờ" : `${n} phút`),
    closed: "Tạm ngừng nhận số",
    reopen: (time, date) => `Mở lại lúc ${time}${date ? ` ngày ${date}` : ""}`,
    countdown: (s) => `Tự trở về sau ${s} giây`,
    counterList: (nums) => `Quầy ${nums.join(", ")}`,
    aheadNone: "Bạn là người tiếp theo",
    aheadN: (n) => `${n} người`,
    priorityBadge: (label) => `Ưu tiên – ${label}`,
    sorry: "Xin lỗi, chưa lấy được số",
    printer_no_paper: "Máy in hết giấy — vui lòng ghi nhớ số của bạn",
    printer_error: "Máy in đang gặp sự cố — vui lòng ghi nhớ số của bạn",
  },
  en: {
    langSwitch: "Tiếng Việt", langFlag: "VI",
    homeTitle: "Touch the service you need",
    chosenArea: "Service", priorityTitle: "Do you have priority?",
    normal: "No — regular number", normalSub: "Most visitors choose this button",
    priorityHead: "Yes, I am:",
    priorityNote: "Staff may ask for a document when your number is called.",
    back: "Back", busy: "Getting your number…", yourNumber: "Your number",
    counters: "Served at", ahead: "People ahead of you", wait: "Estimated wait",
    qrTitle: "Follow the queue on your phone",
    qrText: "Scan this QR code with your phone camera. The page tells you when it is your turn.",
    done: "Done", understood: "OK", loading: "Loading…",
    waiting: (n) => `${n} waiting`, noEstimate: "Not enough data to estimate yet",
    noCounterOpen: "No counter is open yet — please wait",
    waitWhenOpen: "Estimated once a counter opens",
    estimate: (n) => (n < 1 ? "Almost no wait" : `About ${n} min wait`),
    minutes: (n) => (n < 1 ? "Almost no wait" : `${n} min`),
    closed: "Not taking numbers",
    reopen: (time, date) => `Opens again at ${time}${date ? ` on ${date}` : ""}`,
    countdown: (s) => `Returning in ${s} s`,
    counterList: (nums) => `${nums.length > 1 ? "Counters" : "Counter"} ${nums.join(", ")}`,
    aheadNone: "You are next",
    aheadN: (n) => `${n} ${n === 1 ? "person" : "people"}`,
    priorityBadge: (label) => `Priority – ${label}`,
    sorry: "Sorry, we could not give you a number",
    printer_no_paper: "The printer is out of paper — please remember your number",
    printer_error: "The printer has a problem — please remember your number",
  },
};

/** A word (or a function making one) in the kiosk's language now. */
export function t(key) {
  return T[state.lang][key];
}

/** Set every [data-t] element's text in a language. */
export function translatePage(lang) {
  for (const node of document.querySelectorAll("[data-t]")) {
    const value = T[lang][node.dataset.t];
    if (typeof value === "string") node.textContent = value;
  }
}

/** An object's field in the kiosk's language, falling back to Vietnamese. */
export function pick(obj, vi, en) {
  return state.lang === "en" && obj[en] ? obj[en] : obj[vi];
}

/** In English, the Vietnamese name as a subtitle (empty when there is nothing to add). */
export function other(obj, vi, en) {
  return state.lang === "en" && obj[en] && obj[en] !== obj[vi] ? obj[vi] : "";
}
