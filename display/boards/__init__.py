"""LED boards above the counters: protocols, drivers, bus workers and the manager."""
