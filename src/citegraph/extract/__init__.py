"""Entity extraction from abstracts."""
