"""JSON Schemas of the front matter and okrsite.yaml, for editors: `okrsite schema`."""
