// Every record node with its JSON document; the label names its kind.
MATCH (n)
WHERE n:Role OR n:Level OR n:Skill OR n:Training OR n:Employer OR n:Source OR n:Group
RETURN labels(n) AS labels, n.doc AS doc
