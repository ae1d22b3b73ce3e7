// After every group of the write exists: (group)-[:BROADER]->(parent).
UNWIND $rows AS row
MATCH (n:Group {id: row.id})
OPTIONAL MATCH (n)-[old:BROADER]->(:Group)
DELETE old
WITH DISTINCT n, row
OPTIONAL MATCH (p:Group {id: row.parent})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (n)-[:BROADER]->(p))
RETURN count(n) AS written
