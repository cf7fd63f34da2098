// Methods used with a dataset: methods mentioned by papers that mention the dataset.
// Parameters: $dataset  dataset name, alias or normalised key (any case); $limit  rows to return.
// Example: citegraph query queries/methods_for_dataset.cypher --param dataset=ImageNet --param limit=10
MATCH (e:Dataset)
WHERE e.key IS NOT NULL AND (e.key = toLower($dataset) OR toLower(e.name) = toLower($dataset)
       OR ('|' + toLower(e.aliases) + '|') CONTAINS ('|' + toLower($dataset) + '|'))
MATCH (e)<-[:MENTIONS]-(p:Paper)-[:MENTIONS]->(m:Method)
RETURN m.name AS method, m.key AS key, count(DISTINCT p) AS papers
ORDER BY papers DESC, key ASC
LIMIT $limit
