"""The top of the platform: the home page, the demo data and the reference-data seed, composed from the
domain apps (which never import this app: an import-linter layers contract checks it)."""
