UNWIND $rows AS row
MATCH (:Employer {id: row.from})-[r:HIRES]->(:Role {id: row.to})
DELETE r
RETURN count(*) AS deleted
