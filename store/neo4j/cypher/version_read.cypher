OPTIONAL MATCH (v:CareerGraphVersion {id: 'store'})
RETURN coalesce(v.value, 0) AS version
