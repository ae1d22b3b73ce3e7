UNWIND $rows AS row
MATCH ()-[r:HIRES {key: row.key}]->()
DELETE r
RETURN count(*) AS deleted
