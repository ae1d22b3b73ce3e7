UNWIND $ids AS id
MATCH (n:Group {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
