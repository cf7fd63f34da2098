// Shortest co-occurrence path between two entities (LadybugDB dialect; Neo4j: neo4j/).
// Parameters: $a, $b  entity names, aliases or normalised keys (any case).
// Example: citegraph query queries/shortest_path.cypher --param a=GNN --param b=ImageNet
MATCH (e)
WHERE e.key IS NOT NULL AND (e.key = toLower($a) OR toLower(e.name) = toLower($a)
       OR ('|' + toLower(e.aliases) + '|') CONTAINS ('|' + toLower($a) + '|'))
MATCH (f)
WHERE f.key IS NOT NULL AND (f.key = toLower($b) OR toLower(f.name) = toLower($b)
       OR ('|' + toLower(f.aliases) + '|') CONTAINS ('|' + toLower($b) + '|'))
MATCH p = (e)-[:CO_OCCURS* SHORTEST 1..8]-(f)
RETURN e.key AS source, f.key AS target, length(p) AS hops, properties(nodes(p), 'key') AS path
ORDER BY source ASC, target ASC
