UNWIND $ids AS id
MATCH (n:Source {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
