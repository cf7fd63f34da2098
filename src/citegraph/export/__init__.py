"""Writers for the built graph: GraphML, HTML view, summary."""
