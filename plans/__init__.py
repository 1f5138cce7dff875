"""Canonical plan files, shipped with the package (see DESIGN.md)."""
