UNWIND $ids AS id
MATCH (n:Employer {id: id})
DETACH DELETE n
RETURN count(*) AS deleted
