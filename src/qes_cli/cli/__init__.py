"""The command line: argument parsing and printing only; logic lives in the core modules."""
