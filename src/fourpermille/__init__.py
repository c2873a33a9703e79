"""fourpermille: soil organic carbon science and platform for the "4 per 1000" initiative.

The science core (``stocks``, ``target``, ``rothc``, ``ipcc``, ``practices``, ``mrv``, ``grid``) is pure:
tables or arrays in, tables or arrays out. Files live in ``fourpermille.io``, the command line in
``fourpermille.cli`` and the web platform in ``fourpermille.web``.
"""

__version__ = "0.1.0"
