"""The figures of a report and their names: one list used by the JSON API, the manager's
page, the Excel workbook and docs/reports.md (which defines each one)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One figure: its key in JSON, its Vietnamese and English headers, its kind.

    kind: 'count' (a whole number), 'minutes' (one decimal) or 'share' (a fraction 0–1).
    `page`: shown in the manager page's tables (the workbook has every figure).
    """

    key: str
    vi: str
    en: str
    kind: str = "count"
    page: bool = True


FIELDS = (
    Field("issued", "Phiếu cấp", "Issued"),
    Field("transferred_in", "Chuyển đến", "Transferred in", page=False),
    Field("called", "Được gọi", "Called", page=False),
    Field("served", "Đã phục vụ", "Served"),
    Field("no_show", "Vắng mặt", "No-show"),
    Field("transferred", "Chuyển đi", "Transferred"),
    Field("expired", "Hết hạn", "Expired"),
    Field("open", "Chưa xong", "Still open", page=False),
    Field("wait_mean_min", "Chờ TB (phút)", "Mean wait (min)", "minutes"),
    Field("wait_median_min", "Chờ trung vị", "Median wait", "minutes"),
    Field("wait_p90_min", "Chờ P90", "P90 wait", "minutes"),
    Field("wait_max_min", "Chờ lâu nhất", "Longest wait", "minutes"),
    Field("service_mean_min", "Phục vụ TB (phút)", "Mean service (min)", "minutes"),
    Field("service_max_min", "Phục vụ lâu nhất", "Longest service", "minutes", page=False),
    Field("on_time", "Đúng hẹn", "On time", page=False),
    Field("on_time_base", "Tính đúng hẹn trên", "On-time base", page=False),
    Field("on_time_share", "Tỷ lệ đúng hẹn", "Share on time", "share"),
    Field("ratings", "Lượt đánh giá", "Ratings"),
    Field("satisfied", "Hài lòng", "Satisfied", page=False),
    Field("satisfaction", "Tỷ lệ hài lòng", "Satisfaction", "share"),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)

# The groupings a report offers: JSON key -> (Vietnamese, English) name of one group.
DIMENSIONS = {
    "area": ("Lĩnh vực", "Service area"),
    "counter": ("Quầy", "Counter"),
    "clerk": ("Cán bộ", "Clerk"),
    "day": ("Ngày", "Day"),
    "week": ("Tuần (từ thứ Hai)", "Week (from Monday)"),
    "month": ("Tháng", "Month"),
    "hour": ("Giờ", "Hour"),
    "weekday-hour": ("Thứ × giờ", "Weekday × hour"),
}
WEEKDAYS_VI = ("", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAYS_EN = ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Buckets of the wait-time distribution, in minutes: [0, 5), [5, 10), … [120, ∞).
WAIT_BUCKETS_MIN = (0, 5, 10, 15, 20, 30, 45, 60, 90, 120)


def field_list() -> list[dict]:
    """The figures as the JSON report lists them for its readers (the page builds its tables)."""
    return [{"key": f.key, "vi": f.vi, "en": f.en, "kind": f.kind, "page": f.page} for f in FIELDS]
