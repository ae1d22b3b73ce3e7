// One relationship per key (a uniqueness constraint, schema.cypher).
UNWIND $rows AS row
MATCH (a:Employer {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:HIRES {key: row.key}]->(b)
SET r.doc = row.doc
RETURN count(r) AS written
