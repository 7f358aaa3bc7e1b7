"""The work behind each command (report, check, compare, init), free of typer: cli/ calls these."""
