"""citegraph: research abstracts to a knowledge graph."""
