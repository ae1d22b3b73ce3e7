// After every role of the write exists: (role)-[:BROADER]->(the role it
// specialises), from ESCO's occupation hierarchy. A link that is already
// right is left alone; one to a parent that does not exist is not written,
// and the count says so (the store refuses a batch that writes fewer).
UNWIND $rows AS row
MATCH (n:Role {id: row.id})
OPTIONAL MATCH (n)-[old:BROADER]->(q:Role)
WHERE row.parent IS NULL OR q.id <> row.parent
DELETE old
WITH DISTINCT n, row
OPTIONAL MATCH (p:Role {id: row.parent})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (n)-[:BROADER]->(p))
RETURN sum(CASE WHEN row.parent IS NULL OR p IS NOT NULL THEN 1 ELSE 0 END) AS written
