"""Settings come from the environment and the command line; nothing happens at import."""
from pathlib import Path

import pytest

from server import Settings, parse_args


def test_environment_variables_set_every_option():
    settings = Settings.from_env({"LUOT_CONFIG": "/etc/luot/hall.toml", "LUOT_DB": "postgresql://x/y",
                                  "LUOT_HOST": "127.0.0.1", "LUOT_PORT": "8000",
                                  "LUOT_ASYNC_MODE": "threading", "LUOT_FAKE_DEVICES": "1"})
    assert settings.config_path == Path("/etc/luot/hall.toml")
    assert (settings.db_url, settings.host, settings.port) == ("postgresql://x/y", "127.0.0.1", 8000)
    assert settings.async_mode == "threading" and settings.fake_devices


def test_command_line_wins_over_the_environment():
    args = parse_args(["--port", "9000", "--db", "sqlite:///x.db"])
    settings = Settings.from_env({"LUOT_PORT": "8000"}, port=args.port, db_url=args.db)
    assert settings.port == 9000 and settings.database_url == "sqlite:///x.db"


def test_defaults_are_the_demo_hall_on_sqlite_in_instance():
    settings = Settings.from_env({})
    assert settings.config_path.name == "demo-hall.toml"
    assert settings.database_url.endswith("instance/luot.db") and settings.port == 5000
    assert settings.async_mode == "eventlet"


def test_an_unknown_async_mode_is_refused():
    with pytest.raises(SystemExit):
        Settings.from_env({"LUOT_ASYNC_MODE": "asyncio"})


def test_importing_the_server_module_starts_nothing():
    import subprocess
    import sys
    code = ("import sys, server; bad = [m for m in ('flask', 'sqlalchemy', 'eventlet') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], check=True)
    assert out.stdout.strip() == "[]"


def test_a_bad_hall_config_stops_the_server_with_a_readable_message(tmp_path):
    import subprocess
    import sys
    config = tmp_path / "hall.toml"
    config.write_text((Path(__file__).parent / "data" / "hall.toml").read_text(encoding="utf-8")
                      + '\n[boards]\nenabled = true\n[[boards.bus]]\nurl = "/dev/null"\ndriver = "acme"\n',
                      encoding="utf-8")
    out = subprocess.run([sys.executable, "server.py", "--config", str(config), "--port", "0",
                          "--async-mode", "threading"], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[1],
                         env={**__import__("os").environ, "LUOT_INSTANCE": str(tmp_path / "i")})
    assert out.returncode != 0
    assert "Lượt cannot start: [boards] unknown LED board driver 'acme'" in out.stderr
    assert "Traceback" not in out.stderr
