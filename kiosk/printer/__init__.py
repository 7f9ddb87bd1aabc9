"""Ticket printer: rendering, ESC/POS jobs, the print queue, its settings and its fake."""

from kiosk.printer.fake import FakeTicketPrinter
from kiosk.printer.layout import render_ticket_png
from kiosk.printer.settings import PrinterSettings, parse_printer
from kiosk.printer.ticket import TicketPrint, ticket_print
from kiosk.printer.ticket_printer import TicketPrinter

__all__ = ["FakeTicketPrinter", "PrinterSettings", "TicketPrint", "TicketPrinter",
           "parse_printer", "render_ticket_png", "ticket_print"]
