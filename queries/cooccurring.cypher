// Strongest co-occurring entities of one entity (papers mentioning both).
// Parameters: $name  entity name, alias or normalised key (any case); $limit  rows to return.
// Example: citegraph query queries/cooccurring.cypher --param name=GNN --param limit=10
MATCH (e)
WHERE e.key IS NOT NULL AND (e.key = toLower($name) OR toLower(e.name) = toLower($name)
       OR ('|' + toLower(e.aliases) + '|') CONTAINS ('|' + toLower($name) + '|'))
MATCH (e)-[r:CO_OCCURS]-(other)
RETURN e.name AS entity, other.name AS other, other.key AS key, r.weight AS weight
ORDER BY weight DESC, key ASC
LIMIT $limit
