// One relationship per key (a uniqueness constraint, schema.cypher).
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Skill {id: row.to})
MERGE (a)-[r:REQUIRES {key: row.key}]->(b)
SET r.doc = row.doc
RETURN count(r) AS written
