// Search results: what the header's search box finds for a query, all
// kinds together (Enter in the box), grouped as a person looks for them.
import { gql } from './api.js';
import { langVars } from './i18n.js';
import { csvLink, h, section } from './ui.js';

const query = `query Results($q: String!, $names: Language) {
  search(query: $q, first: 50) {
    kind matched score
    node {
      __typename
      ... on Role { id name(lang: $names) }
      ... on Skill { id name nameLang }
      ... on Training { id name }
      ... on Group { id code name kind }
    }
  }
}`;

export async function render(main, ctx) {
  const { lang, words: w, state, link } = ctx;
  const q = (state.get('q') || '').trim();
  document.title = `${w.resultsTitle(q)} · careergraph`;
  main.replaceChildren(h('h1', {}, w.resultsTitle(q)), h('p', { class: 'loading' }, w.loading));
  let hits;
  try {
    hits = q ? (await gql(query, { q, ...langVars(lang) })).search : [];
  } catch (err) {
    if (ctx.current()) main.replaceChildren(h('h1', {}, w.resultsTitle(q)), ctx.failure(lang, err, () => render(main, ctx)));
    return;
  }
  if (!ctx.current()) return;
  const target = (n) => {
    if (n.__typename === 'Role') return { v: 'role', id: n.id };
    if (n.__typename === 'Skill') return { v: 'routes', skills: [n.id] };
    if (n.__typename === 'Group') return { v: 'explore', group: n.id };
    return { v: 'explore', training: n.id };
  };
  const kinds = [['Role', w.kinds.ROLE], ['Skill', w.kinds.SKILL], ['Training', w.kinds.TRAINING], ['Group', w.kinds.GROUP]];
  const byType = Object.groupBy(hits, (x) => x.node.__typename);
  const body = hits.length
    ? kinds.filter(([t]) => byType[t]).map(([t, label]) => section(`${label} (${byType[t].length})`,
      h('ul', { class: 'results-list' }, byType[t].map((x) => h('li', {},
        link(target(x.node), x.node.code ? `${x.node.code} ${x.node.name}` : x.node.name),
        x.kind === 'JOB_TITLE' ? h('span', { class: 'muted' }, ` — ${w.viaTitle(x.matched)}`) : null)))))
    : [h('p', { class: 'hint', role: 'status' }, q ? w.noHits : w.typeSomething)];
  main.replaceChildren(h('div', { class: 'results-page' }, h('h1', {}, w.resultsTitle(q)),
    hits.length ? h('p', { role: 'status' }, w.resultsCount(hits.length)) : null, body,
    hits.length ? csvLink(w.csv, 'search.csv', [['kind', 'id', 'name', 'matched', 'score'], ...hits.map((x) => [x.kind, x.node.id, x.node.name, x.matched, x.score])]) : null));
}
