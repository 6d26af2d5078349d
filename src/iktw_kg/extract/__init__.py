"""From the bulletin text to a draft of the curated YAML: the next issue, not only the curated one.

`extract_issue(source, data_dir)` (in `extractor`) runs the steps, each in its own module:
textnorm (Unicode and PDF artefacts) → layout (lines joined into units) → structure (issue,
sections, articles, citations, tables) → gazetteer (links names to entities in data/) →
figures (numbers with magnitude, unit, period) → draft (YAML a curator completes).
"""
