// Every record node with its JSON document; the label names its kind.
MATCH (n:Role|Level|Skill|Training|Employer|Source|Group)
RETURN labels(n) AS labels, n.doc AS doc
