"""Which devices this hall has, and how they are built, started and fed (above the adapters)."""
