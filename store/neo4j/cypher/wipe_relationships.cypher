// Removes up to $limit relationships of careergraph records; run until it
// deletes none, before wipe.cypher, so that no transaction holds a node
// with all its thousands of relationships.
MATCH (n:Role|Level|Skill|Training|Employer|Source|Group)-[r]-()
WITH DISTINCT r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
