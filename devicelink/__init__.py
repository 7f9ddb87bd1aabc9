"""What every serial device adapter shares: a port that reopens with backoff, and workers."""
