UNWIND $rows AS row
MATCH (:Role {id: row.from})-[r:SIMILAR_TO]->(:Role {id: row.to})
DELETE r
RETURN count(*) AS deleted
