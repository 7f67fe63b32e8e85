"""Rules of the contract: validation findings and the version policy."""
