UNWIND $rows AS row
MATCH (:Role {id: row.from})-[r:TRANSITIONS_TO {kind: row.kind}]->(:Role {id: row.to})
DELETE r
RETURN count(*) AS deleted
