// One relationship per key (a uniqueness constraint, schema.cypher):
// two roles can be joined by one transition of each kind.
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:TRANSITIONS_TO {key: row.key}]->(b)
SET r.kind = row.kind, r.doc = row.doc
RETURN count(r) AS written
