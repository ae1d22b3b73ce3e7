UNWIND $ids AS id
MATCH (n:Skill {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
