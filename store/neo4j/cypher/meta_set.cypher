UNWIND $rows AS row
MERGE (m:CareerGraphMeta {key: row.key})
SET m.value = row.value
RETURN count(m) AS written
