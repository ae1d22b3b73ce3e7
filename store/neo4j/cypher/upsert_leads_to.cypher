// One relationship per key (a uniqueness constraint, schema.cypher).
UNWIND $rows AS row
MATCH (a:Training {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:LEADS_TO {key: row.key}]->(b)
SET r.doc = row.doc
RETURN count(r) AS written
