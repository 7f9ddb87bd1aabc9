"""The deployment kit (deploy/) is checked by the tools that will run it.

The systemd units pass `systemd-analyze verify`; the nginx example passes `nginx -t`, and the
real server runs behind it over TLS (a self-signed certificate made here): pages, the
redirect, HSTS, a Secure cookie, the client's address, and a Socket.IO websocket.
"""
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.live_server import ROOT, LiveServer, free_port

DEPLOY = ROOT / "deploy"


# ---------------------------------------------------------------- systemd
# Programs that live on the hall's machines, not on this one, and what stands in for them.
STAND_INS = {"/opt/luot/.venv/bin/python": sys.executable, "/usr/bin/cage": "/bin/true"}


@pytest.mark.parametrize("unit", ["luot.service", "luot-screen.service", "luot@.service"])
def test_the_systemd_units_pass_systemd_analyze_verify(unit, tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    for program, stand_in in STAND_INS.items():
        if not os.access(program, os.X_OK):
            text = text.replace(program, stand_in)
    (tmp_path / unit).write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / unit)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and (result.stdout + result.stderr).strip() == "", \
        result.stdout + result.stderr


def test_the_screen_runs_chromium_with_autoplay_and_restarts():
    unit = (DEPLOY / "systemd" / "luot-screen.service").read_text(encoding="utf-8")
    assert "--autoplay-policy=no-user-gesture-required" in unit and "--kiosk" in unit
    assert re.search(r"^Restart=always$", unit, re.M)
    assert "${LUOT_SCREEN_URL}" in unit and "LUOT_SCREEN_URL=" in (DEPLOY / "screen.env").read_text()


def test_the_server_unit_reads_the_example_settings():
    settings = dict(line.split("=", 1) for line in (DEPLOY / "luot.env").read_text().splitlines()
                    if line and not line.startswith("#"))
    from server import Settings
    parsed = Settings.from_env(settings)
    assert parsed.secure_cookies and parsed.trusted_proxies == 1 and parsed.host == "127.0.0.1"
    assert parsed.backup_hour == 12 and parsed.backup_keep == 14


# ---------------------------------------------------------------- nginx
def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "luot.crt", folder / "luot.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "2", "-subj", "/CN=luot.hall.lan", "-keyout", str(key),
                    "-out", str(cert), "-addext", "subjectAltName=DNS:luot.hall.lan,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class Nginx:
    """Debian's nginx running the example site, with its paths and ports moved to a test folder."""

    def __init__(self, folder: Path, upstream_port: int, site_file: str = "luot.conf"):
        if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
            pytest.fail("nginx is missing: `make test` installs Debian's nginx (TEST_DEBS)")
        self.folder, self.https, self.http = folder, free_port(), free_port()
        cert, key = _self_signed(folder)
        self.cert = cert
        site = (DEPLOY / "nginx" / site_file).read_text(encoding="utf-8")
        site = (site.replace("/etc/luot/tls/luot.crt", str(cert))
                .replace("/etc/luot/tls/luot.key", str(key))
                .replace("127.0.0.1:5000", f"127.0.0.1:{upstream_port}")
                .replace("listen 443 ", f"listen 127.0.0.1:{self.https} ")
                .replace("listen 80;", f"listen 127.0.0.1:{self.http};"))
        site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.M)   # no IPv6 needed here
        (folder / "site.conf").write_text(site, encoding="utf-8")
        user = "user root;" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(f"""
{user}
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
""", encoding="utf-8")
        self.args = [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(folder),
                     "-c", str(folder / "nginx.conf")]
        self.proc = None

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(self.args + ["-t"], capture_output=True, text=True, timeout=30)

    def start(self) -> "Nginx":
        self.proc = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket_to(self.https):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError((self.folder / "error.log").read_text())

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def socket_to(port: int):
    import socket
    return socket.create_connection(("127.0.0.1", port), timeout=0.2)


def test_the_nginx_example_passes_nginx_t(tmp_path):
    result = Nginx(tmp_path, 5000).check()
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_the_cluster_nginx_site_passes_nginx_t(tmp_path):
    """Cluster mode's site (tests/cluster/ runs the same rules in `make cluster`'s config)."""
    result = Nginx(tmp_path, 5000, "luot-cluster.conf").check()
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_cluster_settings_read_as_a_cluster():
    settings = dict(line.split("=", 1) for line in
                    (DEPLOY / "cluster" / "luot-cluster.env").read_text().splitlines()
                    if line and not line.startswith("#"))
    from server import Settings
    parsed = Settings.from_env(settings)
    assert parsed.db_url.startswith("postgresql://") and parsed.message_queue.startswith("redis://")
    assert parsed.max_connections >= 10000 and parsed.connections_per_address >= 100


@pytest.fixture
def behind_nginx(tmp_path):
    """The real server, configured for a proxy in front, behind the example nginx over TLS."""
    server = LiveServer(tmp_path / "server", extra_env={
        "LUOT_SECURE_COOKIES": "1", "LUOT_TRUSTED_PROXIES": "1", "LUOT_BACKUP_HOUR": "off"}).start()
    nginx = Nginx(tmp_path, server.port).start()
    nginx.context = ssl.create_default_context(cafile=str(nginx.cert))
    nginx.url = f"https://127.0.0.1:{nginx.https}"
    nginx.server = server
    yield nginx
    nginx.stop()
    server.stop()


def _get(nginx, path, headers=None, data=None):
    request = urllib.request.Request(nginx.url + path, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, context=nginx.context, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_hall_is_served_over_tls_with_hsts_and_plain_http_is_redirected(behind_nginx):
    status, headers, body = _get(behind_nginx, "/api/v1/health")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    http = urllib.request.build_opener(NoRedirect())
    with pytest.raises(urllib.error.HTTPError) as moved:
        http.open(f"http://127.0.0.1:{behind_nginx.http}/login", timeout=10)
    assert moved.value.code == 301
    assert moved.value.headers["Location"].startswith("https://")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_through_nginx_the_session_cookie_is_secure_and_the_address_is_the_clients(behind_nginx):
    server = behind_nginx.server
    manager = server.token("manager")
    status, headers, page = _get(behind_nginx, "/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
    cookie = headers["Set-Cookie"].split(";")[0]
    assert "Secure" in headers["Set-Cookie"]
    form = f"username=lan&password=sai&csrf_token={token}".encode()
    for _ in range(5):     # a client that pretends to be someone else is not believed
        status, _, _ = _get(behind_nginx, "/login", data=form, headers={
            "Cookie": cookie, "X-Forwarded-For": "10.9.9.9", "Referer": behind_nginx.url + "/login",
            "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 401
    status, _, body = _get(behind_nginx, "/manage/api/login-locks",
                           headers={"Authorization": f"Bearer {manager}"})
    assert [(lock["username"], lock["address"]) for lock in json.loads(body)] == [("lan", "127.0.0.1")]


def test_socket_io_connects_through_nginx_over_a_secure_websocket(behind_nginx):
    import websocket
    ws = websocket.create_connection(
        f"wss://127.0.0.1:{behind_nginx.https}/socket.io/?EIO=4&transport=websocket",
        sslopt={"ca_certs": str(behind_nginx.cert)}, timeout=10)
    try:
        assert ws.recv().startswith("0{")               # Engine.IO open
        ws.send("40")                                    # Socket.IO connect
        received = [ws.recv() for _ in range(2)]         # the ack and the snapshot, either first
        assert any(packet.startswith("40{") for packet in received), received
        name, snapshot = json.loads(next(p for p in received if p.startswith("42"))[2:])
        assert name == "snapshot" and snapshot["hall"]["name"]
    finally:
        ws.close()
