"""Edits to goal files that keep every other byte: check-ins and carry-over."""
