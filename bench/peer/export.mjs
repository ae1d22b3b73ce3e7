// Exports, from a running careergraph, the data the peer serves: each
// bench query's answer, asked with __typename in every selection so the
// peer can tell the members of unions and interfaces apart.
//
//   node export.mjs http://127.0.0.1:8080 > data.json
import { readFileSync, readdirSync } from 'node:fs';
import { Kind, parse, print, visit } from 'graphql';

const [base] = process.argv.slice(2);
const dir = new URL('../queries/', import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith('.graphql')).map((f) => f.replace(/\.graphql$/, ''));
const out = {};
for (const name of names) {
  const doc = visit(parse(readFileSync(new URL(`${name}.graphql`, dir), 'utf8')), {
    SelectionSet: (node, _key, parent) => (parent?.kind === Kind.OPERATION_DEFINITION ? undefined : {
      ...node, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }, ...node.selections],
    }),
  });
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: print(doc) }) });
  const json = await res.json();
  if (json.errors) throw new Error(`${name}: ${JSON.stringify(json.errors)}`);
  out[name] = json.data;
}
process.stdout.write(JSON.stringify(out));
