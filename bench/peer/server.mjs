// A graphql-js server over careergraph's schema (schema/*.graphqls) and
// the data export.mjs took from its API: it parses, validates and executes
// each document with graphql-js's default resolvers, as a plain JavaScript
// GraphQL server would over data held in memory. With -cache it keeps each
// parsed and validated document, as careergraph's gqlgen setup does.
//
//   node server.mjs -port 8090 -data data.json [-cache]
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { buildSchema, execute, parse, validate } from 'graphql';

const arg = (name) => {
  const i = process.argv.indexOf(`-${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const cache = process.argv.includes('-cache');
const dir = new URL('../../schema/', import.meta.url);
const schema = buildSchema(readdirSync(dir).filter((f) => f.endsWith('.graphqls')).sort()
  .map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n'));
const data = JSON.parse(readFileSync(arg('data'), 'utf8'));

// Root fields answer what the API answered for the document that asked
// them; below them, graphql-js's default resolvers read the exported
// objects.
const rootValue = {};
for (const answer of Object.values(data)) {
  for (const [field, value] of Object.entries(answer)) rootValue[field] = () => value;
}

const documents = new Map();
function prepare(query) {
  let doc = cache ? documents.get(query) : undefined;
  if (doc) return { doc };
  doc = parse(query);
  const errors = validate(schema, doc);
  if (errors.length) return { errors };
  if (cache) documents.set(query, doc);
  return { doc };
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString());
      const { doc, errors } = prepare(query);
      body = JSON.stringify(errors ? { errors } : execute({ schema, document: doc, rootValue, variableValues: variables }));
    } catch (e) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: String(e.message) }] }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
  });
}).listen(Number(arg('port')), '127.0.0.1', () => console.error(`peer (${cache ? 'cached' : 'uncached'}) on 127.0.0.1:${arg('port')}`));
