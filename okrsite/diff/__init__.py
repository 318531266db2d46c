"""`okrsite diff`: what a change to the goals does, between two git states.

snapshot   a git ref's goals copied into a temporary folder (git plumbing, no checkout)
state      one side checked and scored at the diff's as-of date
compare    two states in, a `Diff` (model) out; keyresults and bars do the key results' part
summary    counts and the one-line summary; markdown, text and jsonout render a `Diff`
"""
