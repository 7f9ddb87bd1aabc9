"""Device simulators a person can run, and the voice-pack maker (see README, "Devices")."""
