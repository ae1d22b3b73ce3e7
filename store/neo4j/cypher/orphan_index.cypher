// The index named $name when no constraint owns it: what a constraint's
// creation cut short leaves behind (see Store.schema).
SHOW INDEXES YIELD name, owningConstraint
WHERE name = $name AND owningConstraint IS NULL
RETURN name
