"""Figures derived from the record, computed by the database: period reports (any range of
business days, per area, counter, clerk, day, week, month, hour and weekday × hour), their
exports, the public board's figures and a clerk's own day. docs/reports.md defines each one.

    sqlbits   SQL that differs between SQLite and PostgreSQL
    figures   the visits every figure is made of; one statement per grouping
    fields    the figures' names (JSON, page, workbook)
    period    a period report as JSON
    rows      the per-ticket export
    xlsx      the workbook;  public: the public board's figures
    day       the day report of earlier releases;  clerk: a clerk's own day
"""
from .clerk import clerk_day
from .day import day_report
from .period import MAX_DAYS, Period, period_report
from .rows import HEADERS, ticket_rows

__all__ = ["HEADERS", "MAX_DAYS", "Period", "clerk_day", "day_report", "period_report",
           "ticket_rows"]
