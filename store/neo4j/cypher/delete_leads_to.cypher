UNWIND $rows AS row
MATCH ()-[r:LEADS_TO {key: row.key}]->()
DELETE r
RETURN count(*) AS deleted
