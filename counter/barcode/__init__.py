"""Barcode readers in serial (USB-CDC) mode: sans-I/O line parser and classifier (`scan`),
the reader adapter (`reader`), its fake and the [[barcode]] settings."""
from .fake import FakeBarcodeReaders
from .reader import BarcodeReaders
from .scan import LineParser, Scan, classify
from .settings import ReaderSettings, parse_readers

__all__ = ["BarcodeReaders", "FakeBarcodeReaders", "LineParser", "ReaderSettings", "Scan",
           "classify", "parse_readers"]
