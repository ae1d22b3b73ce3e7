UNWIND $rows AS row
MATCH ()-[r:SIMILAR_TO {key: row.key}]->()
DELETE r
RETURN count(*) AS deleted
