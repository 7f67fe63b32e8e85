"""One use case per command, named after it, free of typer: the CLI parses, calls, renders.

check, toc, bump, new, init, listing (list / show / review-due), history (history / diff),
build, targets (check-targets); the control, distribution, import and report commands join
them here.
"""
