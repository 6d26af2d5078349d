"""iktw-kg: the Industrial Technology Trend Watch bulletin as a knowledge graph."""

__version__ = "0.1.0"
