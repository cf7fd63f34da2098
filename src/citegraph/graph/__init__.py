"""Graph schema, assembly and analysis."""
