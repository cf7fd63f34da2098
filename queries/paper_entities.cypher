// Entities one paper mentions, most mentioned first.
// Parameters: $id  paper node id (as in the "id" column of other queries, "paper:...").
// Example: citegraph query queries/paper_entities.cypher --param id=paper:9607cb6edd43
MATCH (p:Paper {id: $id})-[r:MENTIONS]->(e)
RETURN e.name AS entity, e.key AS key, r.weight AS mentions
ORDER BY mentions DESC, key ASC
