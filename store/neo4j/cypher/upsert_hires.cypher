UNWIND $rows AS row
MATCH (a:Employer {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:HIRES]->(b)
SET r.doc = row.doc
RETURN count(r) AS written
