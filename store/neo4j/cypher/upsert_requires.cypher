UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Skill {id: row.to})
MERGE (a)-[r:REQUIRES]->(b)
SET r.doc = row.doc
RETURN count(r) AS written
