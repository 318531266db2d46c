"""New repositories and new files: `okrsite init` and `okrsite new`."""
