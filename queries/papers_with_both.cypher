// Papers that mention both of two entities.
// Parameters: $a, $b  entity names, aliases or normalised keys (any case).
// Example: citegraph query queries/papers_with_both.cypher --param a=GNN --param b=ImageNet
MATCH (e)
WHERE e.key IS NOT NULL AND (e.key = toLower($a) OR toLower(e.name) = toLower($a)
       OR ('|' + toLower(e.aliases) + '|') CONTAINS ('|' + toLower($a) + '|'))
MATCH (f)
WHERE f.key IS NOT NULL AND (f.key = toLower($b) OR toLower(f.name) = toLower($b)
       OR ('|' + toLower(f.aliases) + '|') CONTAINS ('|' + toLower($b) + '|'))
MATCH (e)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(f)
RETURN DISTINCT p.id AS id, p.title AS title, p.date AS date
ORDER BY id ASC
