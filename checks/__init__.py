"""medlint: a checker for patient-facing medical pages written in Markdown."""

__version__ = "0.1.0"
