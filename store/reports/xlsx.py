"""A period report as an Excel workbook (XlsxWriter): a summary sheet (the centre, the period,
the totals, satisfaction by unit and level, reasons), a sheet per grouping with the whole
centre's totals under it, the wait distribution and one row per ticket — with column widths
and number formats, so that it prints and sums as it is."""
from __future__ import annotations

import io
from datetime import date, datetime

from hall.clock import VIETNAM

from .fields import DIMENSIONS, FIELDS
from .rows import COLUMNS

NUMBER_FORMATS = {"count": "#,##0", "minutes": "0.0", "share": "0.0%", "date": "dd/mm/yyyy",
                  "moment": "dd/mm/yyyy hh:mm:ss"}
WIDTHS = {"count": 11, "minutes": 12, "share": 12, "date": 12, "moment": 20, "text": 16}
SHEET_NAMES = {"area": "Lĩnh vực", "counter": "Quầy", "clerk": "Cán bộ", "day": "Theo ngày",
               "week": "Theo tuần", "month": "Theo tháng", "hour": "Theo giờ",
               "weekday-hour": "Thứ × giờ"}


class Book:
    """The workbook and its formats; `sheet` adds a sheet whose columns have widths and kinds."""

    def __init__(self, buffer):
        import xlsxwriter
        self.book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
        self.formats = {kind: self.book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
        self.formats["text"] = None
        self.bold = self.book.add_format({"bold": True, "text_wrap": True, "valign": "bottom"})
        self.title = self.book.add_format({"bold": True, "font_size": 14})
        self.subtitle = self.book.add_format({"bold": True, "font_size": 12})

    def sheet(self, name: str, kinds: list[str], widths: list[float] | None = None) -> "Sheet":
        return Sheet(self, self.book.add_worksheet(name), kinds, widths)


class Sheet:
    """Rows written top to bottom; each column keeps its kind's number format."""

    def __init__(self, book: Book, sheet, kinds: list[str], widths):
        self.book, self.sheet, self.kinds, self.next = book, sheet, kinds, 0
        for i, kind in enumerate(kinds):
            width = widths[i] if widths else WIDTHS[kind]
            sheet.set_column(i, i, width, book.formats[kind])

    def row(self, values=(), style=None, kinds=None) -> None:
        kinds = kinds or self.kinds
        for col, value in enumerate(values):
            fmt = style or self.book.formats[kinds[col] if col < len(kinds) else "text"]
            if value is None:
                self.sheet.write_blank(self.next, col, None, fmt)
            else:
                self.sheet.write(self.next, col, value, fmt)
        self.next += 1


def _period_words(report: dict) -> str:
    period = report["period"]
    start, end = (date.fromisoformat(period[k]).strftime("%d/%m/%Y") for k in ("from", "to"))
    return f"Từ ngày {start} đến ngày {end} ({period['days']} ngày)"


def _heading(sheet: Sheet, report: dict, title: str) -> None:
    sheet.row([report["hall"]["name"]], sheet.book.title)
    sheet.row([title], sheet.book.subtitle)
    sheet.row([_period_words(report)], kinds=["text"])
    sheet.row([])


def _summary(book: Book, report: dict) -> None:
    levels = report["scale"]["levels"]
    sheet = book.sheet("Tổng hợp", ["text"] * (len(levels) + 3), [40, 16] + [14] * (len(levels) + 1))
    _heading(sheet, report, "BÁO CÁO KẾT QUẢ PHỤC VỤ VÀ MỨC ĐỘ HÀI LÒNG")
    sheet.row(["Chỉ tiêu", "Toàn trung tâm"], book.bold)
    for field in FIELDS:
        sheet.row([field.vi, report["totals"][field.key]], kinds=["text", field.kind])
    for dimension in ("area", "clerk", "counter"):
        if dimension in report["by"]:
            _satisfaction(sheet, report, dimension)
    sheet.row([])
    sheet.row(["Lý do chưa hài lòng", "Số lần nêu"], book.bold)
    for reason in report["reasons"]:
        sheet.row([reason["label"], reason["count"]], kinds=["text", "count"])


def _satisfaction(sheet: Sheet, report: dict, dimension: str) -> None:
    """Satisfaction by unit and level: ratings per level, their total and the share satisfied."""
    levels = report["scale"]["levels"]
    sheet.row([])
    sheet.row([f"Mức độ hài lòng theo {DIMENSIONS[dimension][0].lower()}"], sheet.book.subtitle)
    sheet.row([DIMENSIONS[dimension][0], *[lv["label"] for lv in levels], "Tổng lượt",
               "Tỷ lệ hài lòng"], sheet.book.bold)
    kinds = ["text"] + ["count"] * (len(levels) + 1) + ["share"]
    for group in [*report["by"][dimension], {"name": "Toàn trung tâm", **report["totals"]}]:
        sheet.row([group["name"], *[group["levels"][str(lv["value"])] for lv in levels],
                   group["ratings"], group["satisfaction"]], kinds=kinds)


def _grouping(book: Book, report: dict, dimension: str) -> None:
    levels = report["scale"]["levels"]
    kinds = ["text"] + [f.kind for f in FIELDS] + ["count"] * len(levels)
    sheet = book.sheet(SHEET_NAMES[dimension], kinds, [34] + [WIDTHS[k] for k in kinds[1:]])
    _heading(sheet, report, f"Theo {DIMENSIONS[dimension][0].lower()}")
    sheet.row([DIMENSIONS[dimension][0], *[f.vi for f in FIELDS], *[lv["label"] for lv in levels]],
              book.bold)
    for group in [*report["by"][dimension], {"name": "Toàn trung tâm", **report["totals"]}]:
        sheet.row([group["name"], *[group[f.key] for f in FIELDS],
                   *[group["levels"][str(lv["value"])] for lv in levels]])


def _distribution(book: Book, report: dict) -> None:
    sheet = book.sheet("Thời gian chờ", ["text", "count"], [24, 14])
    _heading(sheet, report, "Phân bố thời gian chờ")
    sheet.row(["Thời gian chờ (phút)", "Số lượt"], book.bold)
    for bucket in report["wait_distribution"]:
        upper = bucket["to_min"]
        words = f"{bucket['from_min']}–{upper}" if upper is not None else f"từ {bucket['from_min']}"
        sheet.row([words, bucket["count"]])


def _value(column, value):
    """A per-ticket value as Excel keeps it: real dates and hall-time moments."""
    if value is None:
        return None
    if column.kind == "date":
        return date.fromisoformat(value)
    if column.kind == "moment":
        return datetime.fromisoformat(value).astimezone(VIETNAM).replace(tzinfo=None)
    return value


def _tickets(book: Book, rows, pause) -> None:
    """One row per visit, in the CSV's columns."""
    sheet = book.sheet("Phiếu", [c.kind for c in COLUMNS])
    sheet.row([c.key for c in COLUMNS], book.bold)
    formats = [book.formats[c.kind] for c in COLUMNS]
    for i, row in enumerate(rows, start=1):
        for col, column in enumerate(COLUMNS):
            value = _value(column, row[column.key])
            if value is not None:
                sheet.sheet.write(i, col, value, formats[col])
        if i % 500 == 0:
            pause()


def report_workbook(report: dict, ticket_rows, pause=lambda: None) -> bytes:
    """The workbook of a period report and its per-ticket rows (an iterable of dicts);
    `pause` is called every few hundred rows (the server lets other work run)."""
    buffer = io.BytesIO()
    book = Book(buffer)
    _summary(book, report)
    for dimension in report["by"]:
        _grouping(book, report, dimension)
    _distribution(book, report)
    _tickets(book, ticket_rows, pause)
    book.book.close()
    return buffer.getvalue()
