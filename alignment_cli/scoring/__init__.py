"""The pure core: from a questionnaire and responses to a result. Reads no file, prints nothing."""
