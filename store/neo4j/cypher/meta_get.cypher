OPTIONAL MATCH (m:CareerGraphMeta {key: $key})
RETURN m.value AS value
