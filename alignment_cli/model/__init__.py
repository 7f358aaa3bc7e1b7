"""What the tool reads and writes: questionnaires, responses, results, the config (pydantic models)."""
