// First statement of every write transaction: writing the version node
// locks it, so writers from every replica are serialised, and the value
// before the bump tells a write planned on an older version.
MERGE (v:CareerGraphVersion {id: 'store'})
ON CREATE SET v.value = 0
SET v.value = v.value + 1
RETURN v.value AS version
