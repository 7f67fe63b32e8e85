"""Pure data models: document numbers, version codes, documents and the manual."""
