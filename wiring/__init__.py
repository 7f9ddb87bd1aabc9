"""What the server runs beside the hall: its devices (built from the typed device tables,
started, fed and stopped) and its daily backup."""
