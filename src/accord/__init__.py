"""accord: negotiate well over the long run."""

__version__ = "0.1.0"
