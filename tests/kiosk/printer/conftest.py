import pytest

from kiosk.printer.ticket import ticket_print
from tests.kiosk.printer.helpers import INFO, TICKET
from tools.printer_sim import PrinterSimulator


@pytest.fixture
def sample():
    """The sample TicketPrint (priority, estimated wait, counters, QR)."""
    return ticket_print(TICKET, INFO)


@pytest.fixture
def simulator(tmp_path):
    """A printer simulator listening on a pseudo-terminal; yields (sim, pty path)."""
    sim = PrinterSimulator(tmp_path / "sim")
    path = sim.start_pty()
    yield sim, path
    sim.stop()
