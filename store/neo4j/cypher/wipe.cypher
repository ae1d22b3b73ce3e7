// Removes up to $limit careergraph records and metadata nodes, with their
// relationships; run until it deletes none (each run is one transaction,
// so wiping a large graph never holds it all in memory). The version node
// stays, so versions only grow and replicas notice the swap. Other labels
// are left alone.
MATCH (n:Role|Level|Skill|Training|Employer|Source|Group|CareerGraphMeta)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
