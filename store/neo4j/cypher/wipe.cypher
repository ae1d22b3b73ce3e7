// Removes every careergraph record and metadata node inside the caller's
// transaction (the migration's -replace runs it before its copy, so the
// swap is all or nothing). The version node stays, so versions only grow
// and replicas notice the swap. Other labels are left alone.
MATCH (n)
WHERE n:Role OR n:Level OR n:Skill OR n:Training OR n:Employer OR n:Source OR n:Group OR n:CareerGraphMeta
DETACH DELETE n
RETURN count(*) AS deleted
