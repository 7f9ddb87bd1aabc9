"""People who sign in (clerks, managers, admins): login sessions, CSRF, demo accounts."""
