"""Live updates: the only place that emits Socket.IO events."""
