UNWIND $rows AS row
MATCH (:Skill {id: row.from})-[r:BUILDS_ON]->(:Skill {id: row.to})
DELETE r
RETURN count(*) AS deleted
