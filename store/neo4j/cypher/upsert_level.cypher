// A level hangs off its role by HAS_LEVEL; a level moved to another role
// loses the old link.
UNWIND $rows AS row
MATCH (r:Role {id: row.parent})
MERGE (n:Level {id: row.id})
SET n.name = row.name, n.doc = row.doc
WITH n, r
OPTIONAL MATCH (:Role)-[old:HAS_LEVEL]->(n)
DELETE old
WITH DISTINCT n, r
MERGE (r)-[:HAS_LEVEL]->(n)
RETURN count(n) AS written
