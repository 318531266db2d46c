"""The command line: thin commands over the library, and the only place that prints.

Exit codes: 0 fine, 1 content problems (or warnings under --strict), 2 usage, 3 an internal
error (a bug: reported without a traceback unless --debug). Each module here registers its
commands on `main` when imported.
"""

from okrsite.cli import core, diff, edit, importer, scaffold, schema
from okrsite.cli.base import main

__all__ = ["core", "diff", "edit", "importer", "main", "scaffold", "schema"]
