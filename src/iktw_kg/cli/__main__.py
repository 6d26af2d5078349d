"""`python -m iktw_kg.cli`: the same command line as `iktw-kg`."""

from iktw_kg.cli import main

main()
