"""The centre manager's page (/manage): counters, devices, queue, reprints, reports, tokens."""
