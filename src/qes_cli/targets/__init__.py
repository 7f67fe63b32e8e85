"""Quality-target compliance (SPEC §4): targets.yaml, the CSV reader, the engine, reports."""
