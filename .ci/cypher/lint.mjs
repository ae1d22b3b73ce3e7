// Lints every .cypher file under the folder given with Neo4j's own parser
// and semantic analysis (@neo4j-cypher/language-support), against the
// schema careergraph declares: its labels, relationship types, property
// keys (including the keys of the `row` maps it sends) and parameters.
// Any diagnostic, error or warning, fails: a misspelt label or key is a
// bug in a statement no Neo4j runs here.
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const schema = {
  labels: ['Role', 'Level', 'Skill', 'Training', 'Employer', 'Source', 'Group', 'CareerGraphVersion', 'CareerGraphMeta', 'CareerGraphChange'],
  relationshipTypes: ['REQUIRES', 'LEADS_TO', 'HIRES', 'TRANSITIONS_TO', 'SIMILAR_TO', 'BUILDS_ON', 'HAS_LEVEL', 'BROADER'],
  propertyKeys: ['id', 'slug', 'name', 'doc', 'code', 'kind', 'value', 'key', 'from', 'to', 'parent', 'version', 'full', 'upsert', 'delete'],
  parameters: { rows: [], ids: [], key: '', limit: 0, version: 0, full: false, upsert: '', delete: '', keep: 0, from: 0, name: '' },
  // The functions and procedures careergraph calls: any other name, a
  // misspelt one included, is an error.
  functions: { 'CYPHER 5': registry(['count', 'sum', 'coalesce', 'labels', 'type', 'collect'], (name) => ({
    name, category: '', description: '', isBuiltIn: true, argumentDescription: [], returnDescription: '', signature: '',
    aggregating: ['count', 'sum', 'collect'].includes(name), isDeprecated: false,
  })) },
  procedures: { 'CYPHER 5': registry(['db.awaitIndexes'], (name) => ({
    name, description: '', mode: 'READ', worksOnSystem: false, admin: false, option: { deprecated: false },
    argumentDescription: [{ name: 'timeOutSeconds', description: '', type: 'INTEGER', default: 'DefaultParameterValue{value=300, type=INTEGER}' }],
    returnDescription: [], signature: 'db.awaitIndexes(timeOutSeconds = 300 :: INTEGER)',
  })) },
};

function registry(names, describe) {
  return Object.fromEntries(names.map((n) => [n, describe(n)]));
}

// Statements are separated by ";" at a line end; // lines are comments.
function statements(text) {
  return text.split(/;\s*\n/)
    .map(s => s.split('\n').filter(l => !l.trim().startsWith('//')).join('\n').trim())
    .filter(Boolean);
}

function problems(query) {
  return lintCypherQuery(query, schema).diagnostics;
}

// The linter must catch what it is here for, or this script proves nothing.
for (const bad of ['MATCH (n:Role RETURN n', 'MATCH (n:Rol) RETURN n', 'RETURN $undeclared', 'MATCH (n:Role) RETURN n.nmae',
  'MATCH (n:Role) RETURN cuont(n)', 'CALL db.awaitIndexs(60)']) {
  if (problems(bad).length === 0) {
    console.error(`cypher lint: the linter accepted a broken statement: ${bad}`);
    process.exit(2);
  }
}

const dir = process.argv[2];
let files = 0, count = 0, bad = 0;
for (const f of readdirSync(dir).filter(f => f.endsWith('.cypher')).sort()) {
  files++;
  for (const q of statements(readFileSync(join(dir, f), 'utf8'))) {
    count++;
    for (const d of problems(q)) {
      bad++;
      const line = q.split('\n')[d.range?.start?.line ?? 0];
      console.log(`${join(dir, f)}: ${d.severity === 1 ? 'error' : 'warning'}: ${d.message}\n    ${line}`);
    }
  }
}
if (files === 0) {
  console.error(`cypher lint: no .cypher files in ${dir}`);
  process.exit(2);
}
console.log(`cypher lint: ${count} statements in ${files} files, ${bad} problem(s)`);
process.exit(bad ? 1 : 0);
