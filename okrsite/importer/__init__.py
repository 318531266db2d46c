"""`okrsite import csv`: a spreadsheet of OKRs (CSV or XLSX) into valid content files.

The stages, each a small module:

- `sheet`, `xlsx`: the file into numbered rows of text cells (CSV with BOM, encoding and
  delimiter found; XLSX through the optional openpyxl);
- `columns`: which column holds what (English, Danish and Swedish names, `--map` overrides);
- `rows`, `numbers`, `values`: cells written as okrsite reads them (decimal commas, dates,
  periods, fractions, words of fixed sets), decided per column from all its values;
- `assemble` with `per_kr`, `per_item` and `drafting`: records into drafts of objectives, key
  results, initiatives and KPIs (`model`), in either shape;
- `resolve`, `parents`, `slug`: teams, people, ids and alignment against the site;
- `render`, `people`: the files' text, remembering which spreadsheet row wrote each line;
- `run`, `writing`: everything checked together with the site in memory, then written (never
  over a file).
"""
