"""The ``fourpermille`` command line (Typer + Rich). Thin: parse, call the core, write files."""
