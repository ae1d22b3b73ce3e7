UNWIND $rows AS row
MERGE (n:Skill {id: row.id})
SET n.slug = row.slug, n.name = row.name, n.doc = row.doc
RETURN count(n) AS written
