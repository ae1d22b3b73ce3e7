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
CREATE CONSTRAINT change_version IF NOT EXISTS FOR (n:CareerGraphChange) REQUIRE n.version IS UNIQUE;
// Relationships written before keys existed get theirs, then each type's key is unique.
MATCH (a)-[r:REQUIRES]->(b) WHERE r.key IS NULL SET r.key = a.id + '|' + b.id;
MATCH (a)-[r:LEADS_TO]->(b) WHERE r.key IS NULL SET r.key = a.id + '|' + b.id;
MATCH (a)-[r:HIRES]->(b) WHERE r.key IS NULL SET r.key = a.id + '|' + b.id;
MATCH (a)-[r:TRANSITIONS_TO]->(b) WHERE r.key IS NULL SET r.key = a.id + '|' + b.id + '|' + r.kind;
MATCH (a)-[r:SIMILAR_TO]->(b) WHERE r.key IS NULL SET r.key = a.id + '|' + b.id;
MATCH (a)-[r:BUILDS_ON]->(b) WHERE r.key IS NULL SET r.key = a.id + '|' + b.id;
CREATE CONSTRAINT requires_key IF NOT EXISTS FOR ()-[r:REQUIRES]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT leads_to_key IF NOT EXISTS FOR ()-[r:LEADS_TO]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT hires_key IF NOT EXISTS FOR ()-[r:HIRES]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT transitions_to_key IF NOT EXISTS FOR ()-[r:TRANSITIONS_TO]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT similar_to_key IF NOT EXISTS FOR ()-[r:SIMILAR_TO]-() REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT builds_on_key IF NOT EXISTS FOR ()-[r:BUILDS_ON]-() REQUIRE r.key IS UNIQUE;
CREATE INDEX role_slug IF NOT EXISTS FOR (n:Role) ON (n.slug);
CREATE INDEX skill_slug IF NOT EXISTS FOR (n:Skill) ON (n.slug);
CREATE INDEX group_code IF NOT EXISTS FOR (n:Group) ON (n.code);
// Transitions are found by key now; the kind index of earlier versions goes.
DROP INDEX transition_kind IF EXISTS
