"""`python -m okrsite` runs the command line."""

from okrsite.cli import main

main()
