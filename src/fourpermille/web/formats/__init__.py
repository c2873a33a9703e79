"""Date formats of the platform, one per locale (``FORMAT_MODULE_PATH``): ISO 8601 (2019-01-01, and
2019-01-01 14:30 with a time) in English, French and Spanish alike, so a date reads the same on every page,
in every language, in CSV downloads and in the API. A template's plain ``{{ day }}`` or ``{{ day|date }}``
gets it; numbers keep Django's own locale formats (thousands separators, decimal comma)."""
