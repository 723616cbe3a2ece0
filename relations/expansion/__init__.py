"""Expansion (友城布局): the layout plan against today, and suggestions of where to seek partners and what to do next.

- `scoring.py` pure features and weights of a candidate place; `kinds.py` one function per kind of suggestion
  and the grammar of their keys (pure); `world.py` loading the rows the kinds read, the one `home_check`, caching;
- `reference.py` the reference network of real ties shipped in relations/data/ (built by
  scripts/build_reference_ties.py, replaced with `load_reference_ties`); `hygiene.py` which gazetteer places can be
  partners (no sections of a city) and corrected populations;
- `layout.py` the plan's rules against the ties on file; `evaluation.py` the ranking measured on real twinning data
  (`evaluate_suggestions`, per group of homes) and the fit of the shipped weights (`fit_suggestion_weights`);
- `services.py` writes (accept, dismiss, layout plans); `views.py` / `urls.py` the pages (namespace `expansion`);
  `api/` the JSON endpoints; `filters.py` their FilterSets.
"""
