"""The dev server behind `okrsite serve`: file watching, rebuilds and live reload."""
