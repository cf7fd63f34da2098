"""Writers for the built graph: GraphML, HTML view, summary, Neo4j."""

# File names inside an output folder, shared by the build and the commands that read a build.
GRAPHML = "graph.graphml"
HTML = "graph.html"
SUMMARY = "summary.json"
