// Shortest co-occurrence path between two entities (Neo4j/Bolt dialect of ../shortest_path.cypher).
// Parameters: $a, $b  entity names, aliases or normalised keys (any case).
// Example: citegraph query queries/shortest_path.cypher --param a=GNN --param b=ImageNet
MATCH (e)
WHERE e.key IS NOT NULL AND (e.key = toLower($a) OR toLower(e.name) = toLower($a)
       OR ('|' + toLower(e.aliases) + '|') CONTAINS ('|' + toLower($a) + '|'))
MATCH (f)
WHERE f.key IS NOT NULL AND (f.key = toLower($b) OR toLower(f.name) = toLower($b)
       OR ('|' + toLower(f.aliases) + '|') CONTAINS ('|' + toLower($b) + '|'))
MATCH p = shortestPath((e)-[:CO_OCCURS*1..8]-(f))
RETURN e.key AS source, f.key AS target, length(p) AS hops, [n IN nodes(p) | n.key] AS path
ORDER BY source ASC, target ASC
