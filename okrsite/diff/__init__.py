"""`okrsite diff`: what a change to the goals does, between two git states."""
