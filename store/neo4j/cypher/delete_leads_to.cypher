UNWIND $rows AS row
MATCH (:Training {id: row.from})-[r:LEADS_TO]->(:Role {id: row.to})
DELETE r
RETURN count(*) AS deleted
