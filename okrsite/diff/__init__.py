"""`okrsite diff`: what a change to the goals does, between two git states.

state      one side checked and scored at the diff's as-of date
compare    two states in, a `Diff` (model) out; keyresults and bars do the key results' part
summary    counts and the one-line summary; markdown, text and jsonout render a `Diff`

A git ref's goals are copied into a folder by okrsite.gitsnapshot (git plumbing, no checkout).
"""
