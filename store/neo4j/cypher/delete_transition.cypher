UNWIND $rows AS row
MATCH ()-[r:TRANSITIONS_TO {key: row.key}]->()
DELETE r
RETURN count(*) AS deleted
