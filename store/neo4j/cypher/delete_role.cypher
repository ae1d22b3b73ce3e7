UNWIND $ids AS id
MATCH (n:Role {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
