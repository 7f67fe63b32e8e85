"""qes: document control for ISO 9001 quality manuals kept as YAML/Markdown in git."""

__version__ = "0.2.0"
