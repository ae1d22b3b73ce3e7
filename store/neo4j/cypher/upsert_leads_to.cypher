UNWIND $rows AS row
MATCH (a:Training {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:LEADS_TO]->(b)
SET r.doc = row.doc
RETURN count(r) AS written
