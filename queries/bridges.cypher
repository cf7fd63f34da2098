// Entities that bridge methods and datasets: co-occurring with many of each.
// Parameters: $limit  rows to return.
// Example: citegraph query queries/bridges.cypher --param limit=20
MATCH (e)-[:CO_OCCURS]-(m:Method)
WITH e, count(DISTINCT m) AS methods
MATCH (e)-[:CO_OCCURS]-(d:Dataset)
WITH e, methods, count(DISTINCT d) AS datasets
RETURN e.name AS entity, e.key AS key, methods, datasets
ORDER BY methods * datasets DESC, key ASC
LIMIT $limit
