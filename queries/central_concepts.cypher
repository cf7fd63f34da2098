// Most central concepts: most co-occurring entities (degree), then most papers.
// Parameters: $limit  rows to return.
// Example: citegraph query queries/central_concepts.cypher --param limit=20
MATCH (c:Concept)
OPTIONAL MATCH (c)-[r:CO_OCCURS]-()
RETURN c.name AS concept, c.key AS key, count(r) AS degree, c.papers AS papers
ORDER BY degree DESC, papers DESC, key ASC
LIMIT $limit
