"""The driver registry: config name -> driver class."""
from __future__ import annotations

from display.boards.driver import BoardDriver
from display.boards.luot_protocol import LuotDriver
from display.boards.modbus_rtu import ModbusDriver

DRIVERS: dict[str, type[BoardDriver]] = {LuotDriver.name: LuotDriver, ModbusDriver.name: ModbusDriver}


def make_driver(name: str) -> BoardDriver:
    """A driver instance for a config name ('luot' or 'modbus')."""
    try:
        return DRIVERS[name]()
    except KeyError:
        raise ValueError(f"unknown LED board driver {name!r}; known: {sorted(DRIVERS)}") from None
