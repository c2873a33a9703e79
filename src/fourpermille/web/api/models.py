"""The API keeps no tables of its own (tokens are rest_framework.authtoken's)."""
