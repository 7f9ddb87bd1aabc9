"""The JSON API (/api/v1): thin entry points over the hall service."""
