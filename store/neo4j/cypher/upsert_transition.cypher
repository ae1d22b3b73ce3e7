// Two roles can be joined by one transition of each kind.
UNWIND $rows AS row
MATCH (a:Role {id: row.from})
MATCH (b:Role {id: row.to})
MERGE (a)-[r:TRANSITIONS_TO {kind: row.kind}]->(b)
SET r.doc = row.doc
RETURN count(r) AS written
