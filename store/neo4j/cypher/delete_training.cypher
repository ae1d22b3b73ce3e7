UNWIND $ids AS id
MATCH (n:Training {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
