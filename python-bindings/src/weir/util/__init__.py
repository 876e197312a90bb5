"""Compatibility package mirroring ``pyflink.util``."""
