"""Turning a result into the terminal summary and the report files (md, html, json)."""
