"""Where phones reach the hall: one rule for the printed QR code and the kiosk screen's."""
import socket

import pytest

from kiosk import printing
from kiosk.printing import public_base_url


def test_a_configured_public_url_wins():
    assert public_base_url("https://hang-doi.example.gov.vn/", "0.0.0.0", 5000) \
        == "https://hang-doi.example.gov.vn"


def test_a_server_listening_on_one_address_is_reached_there():
    assert public_base_url("", "192.168.1.20", 8000) == "http://192.168.1.20:8000"
    assert public_base_url("", "fd00::20", 8000) == "http://[fd00::20]:8000"


def test_a_server_listening_everywhere_is_reached_at_its_lan_address(monkeypatch):
    monkeypatch.setattr(printing, "lan_address", lambda: "192.168.1.20")
    assert public_base_url("", "0.0.0.0", 5000) == "http://192.168.1.20:5000"
    assert public_base_url("", "127.0.0.1", 5000) == "http://192.168.1.20:5000"   # never loopback


class NoRoute:
    """A socket module without a network: every UDP connect fails."""

    AF_INET, SOCK_DGRAM = socket.AF_INET, socket.SOCK_DGRAM

    def __init__(self, host_addresses):
        self.host_addresses = host_addresses

    def socket(self, *args):
        raise OSError("network is unreachable")

    def gethostname(self):
        return "luot-server"

    def getaddrinfo(self, *args):
        return [(socket.AF_INET, 0, 0, "", (address, 0)) for address in self.host_addresses]


@pytest.mark.parametrize("addresses, expected", [
    (["127.0.1.1", "10.1.2.3"], "10.1.2.3"),      # Debian maps the host name to 127.0.1.1
    (["127.0.1.1"], None),
])
def test_the_lan_address_is_never_a_loopback_one(monkeypatch, addresses, expected):
    monkeypatch.setattr(printing, "socket", NoRoute(addresses))
    assert printing.lan_address() == expected


def test_without_any_network_the_host_name_stands_in(monkeypatch):
    monkeypatch.setattr(printing, "socket", NoRoute(["127.0.1.1"]))
    assert public_base_url("", "0.0.0.0", 5000) == "http://luot-server:5000"

