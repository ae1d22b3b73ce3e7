UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:SIMILAR_TO]->(b)
SET r.doc = row.doc
RETURN count(r) AS written
