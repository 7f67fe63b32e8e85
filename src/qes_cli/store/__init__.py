"""Reading and writing the manual's files."""
