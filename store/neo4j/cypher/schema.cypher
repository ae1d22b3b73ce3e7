// Constraints and indexes, created at start. Each statement is idempotent.
CREATE CONSTRAINT role_id IF NOT EXISTS FOR (n:Role) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT level_id IF NOT EXISTS FOR (n:Level) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT skill_id IF NOT EXISTS FOR (n:Skill) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT training_id IF NOT EXISTS FOR (n:Training) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT employer_id IF NOT EXISTS FOR (n:Employer) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT group_id IF NOT EXISTS FOR (n:Group) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT version_id IF NOT EXISTS FOR (n:CareerGraphVersion) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (n:CareerGraphMeta) REQUIRE n.key IS UNIQUE;
CREATE INDEX role_slug IF NOT EXISTS FOR (n:Role) ON (n.slug);
CREATE INDEX skill_slug IF NOT EXISTS FOR (n:Skill) ON (n.slug);
CREATE INDEX group_code IF NOT EXISTS FOR (n:Group) ON (n.code);
CREATE INDEX transition_kind IF NOT EXISTS FOR ()-[r:TRANSITIONS_TO]-() ON (r.kind)
