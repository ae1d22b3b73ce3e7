UNWIND $rows AS row
MATCH (:Role {id: row.from})-[r:REQUIRES]->(:Skill {id: row.to})
DELETE r
RETURN count(*) AS deleted
