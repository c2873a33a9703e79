"""Presentation: plots, HTML and PDF reports built from the science core's tables."""
