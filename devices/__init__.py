"""The hall's devices: what every adapter shares, and the wiring that runs them.

`adapter` (the protocol, DeviceStatus, ActionResult, HealthReporter), `worker` (background
workers), `serial_link` (a port that reopens with backoff), `config` (the hall file's device
tables, typed) and `wiring` (builds, starts, feeds and stops the adapters). The adapters
themselves live with their place in the hall: kiosk/printer, display/boards, counter/keypad,
counter/barcode, announce.
"""
