// Newest entities: the first date any dated paper mentions them, newest first.
// Parameters: $limit  rows to return.
// Example: citegraph query queries/newest_entities.cypher --param limit=20
MATCH (p:Paper)-[:MENTIONS]->(e)
WHERE p.date IS NOT NULL AND p.date <> ''
WITH e, min(p.date) AS first, count(DISTINCT p) AS papers
RETURN e.name AS entity, e.key AS key, first, papers
ORDER BY first DESC, key ASC
LIMIT $limit
