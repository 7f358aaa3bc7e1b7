"""alignment-cli: a diagnostic of how well Sales and Marketing work together."""

__version__ = "0.1.0"
