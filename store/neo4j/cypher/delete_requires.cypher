UNWIND $rows AS row
MATCH ()-[r:REQUIRES {key: row.key}]->()
DELETE r
RETURN count(*) AS deleted
