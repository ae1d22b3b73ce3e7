UNWIND $rows AS row
MATCH ()-[r:BUILDS_ON {key: row.key}]->()
DELETE r
RETURN count(*) AS deleted
