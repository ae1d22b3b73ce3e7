// Removes up to $limit relationships of careergraph records; run until it
// deletes none, before wipe.cypher, so that no transaction holds a node
// with all its thousands of relationships.
MATCH (n)-[r]-()
WHERE n:Role OR n:Level OR n:Skill OR n:Training OR n:Employer OR n:Source OR n:Group
WITH DISTINCT r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
