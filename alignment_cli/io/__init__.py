"""Files: safe YAML reading, atomic writes, and the fast reader for survey-written responses."""
