UNWIND $rows AS row
MERGE (n:Group {id: row.id})
SET n.slug = row.slug, n.name = row.name, n.code = row.code, n.kind = row.kind, n.doc = row.doc
RETURN count(n) AS written
