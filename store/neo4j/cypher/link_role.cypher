// After every role of the write exists: (role)-[:BROADER]->(the role it
// specialises), from ESCO's occupation hierarchy.
UNWIND $rows AS row
MATCH (n:Role {id: row.id})
OPTIONAL MATCH (n)-[old:BROADER]->(:Role)
DELETE old
WITH DISTINCT n, row
OPTIONAL MATCH (p:Role {id: row.parent})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (n)-[:BROADER]->(p))
RETURN count(n) AS written
