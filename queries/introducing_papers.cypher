// The paper that introduced an entity (the earliest dated paper mentioning it) and the papers
// that used it later. Undated papers are left out.
// Parameters: $name  entity name, alias or normalised key (any case).
// Example: citegraph query queries/introducing_papers.cypher --param name=GNN
MATCH (e)
WHERE e.key IS NOT NULL AND (e.key = toLower($name) OR toLower(e.name) = toLower($name)
       OR ('|' + toLower(e.aliases) + '|') CONTAINS ('|' + toLower($name) + '|'))
MATCH (p:Paper)-[:MENTIONS]->(e)
WHERE p.date IS NOT NULL AND p.date <> ''
WITH e, min(p.date) AS first
MATCH (q:Paper)-[:MENTIONS]->(e)
WHERE q.date IS NOT NULL AND q.date <> ''
RETURN e.name AS entity, q.id AS paper, q.title AS title, q.date AS date,
       CASE WHEN q.date = first THEN 'introduces' ELSE 'uses' END AS role
ORDER BY date ASC, paper ASC
