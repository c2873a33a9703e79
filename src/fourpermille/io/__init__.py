"""Readers and writers: files in, validated tables out (and back). No science here."""
