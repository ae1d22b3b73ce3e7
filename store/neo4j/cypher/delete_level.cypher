UNWIND $ids AS id
MATCH (n:Level {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
