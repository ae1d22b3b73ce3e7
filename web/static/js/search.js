// Search results: what the header's search box finds for a query, all
// kinds together (Enter in the box), grouped as a person looks for them.
import { gql } from './api.js';
import { langVars } from './i18n.js';
import { csvLink, fmt, h, section } from './ui.js';

const query = `query Results($q: String!, $text: String!, $names: Language, $title: Boolean!, $long: Boolean!) {
  search(query: $q, first: 50) @skip(if: $long) {
    kind matched score
    node {
      __typename
      ... on Role { id name(lang: $names) }
      ... on Skill { id name nameLang }
      ... on Training { id name }
      ... on Group { id code name kind }
    }
  }
  linkTitle(title: $q, first: 5) @include(if: $title) { ...link }
  readText(text: $text, skills: 20, roles: 10) @include(if: $long) {
    skills { score evidence skill { id name nameLang } }
    roles { ...link }
  }
}
fragment link on TitleLink { score via matched through { id name(lang: $names) } role { id name(lang: $names) } }`;

// A short query is also read as a job title; a long one (a pasted CV or
// offer) is read as a text: what it says, not what it starts with.
const longText = (q) => q.length > 120 || q.split(/\s+/).length > 15;

export async function render(main, ctx) {
  const { lang, words: w, state, link } = ctx;
  const q = (state.get('q') || '').trim();
  const shown = q.length > 60 ? `${q.slice(0, 57)}…` : q;
  document.title = `${w.resultsTitle(shown)} · careergraph`;
  main.replaceChildren(h('h1', {}, w.resultsTitle(shown)), h('p', { class: 'loading' }, w.loading));
  let hits;
  let data;
  try {
    const long = longText(q);
    // The text goes only to readText: every argument is bounded, skipped fields' too.
    data = q ? await gql(query, { q: long ? '' : q, text: long ? q : '', ...langVars(lang), long, title: !long && q.length <= 200 }) : {};
    hits = data.search || [];
  } catch (err) {
    if (ctx.current()) main.replaceChildren(h('h1', {}, w.resultsTitle(shown)), ctx.failure(lang, err, () => render(main, ctx)));
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
        x.kind === 'JOB_TITLE' ? h('span', { class: 'muted' }, ` — ${w.viaTitle(x.matched)}`)
          : x.kind === 'SKILL' && x.matched !== x.node.name ? h('span', { class: 'muted' }, ` — ${w.viaLabel(x.matched)}`) : null)))))
    : [h('p', { class: 'hint', role: 'status' }, q ? w.noHits : w.typeSomething)];
  const reading = data.readText;
  const roleItem = (x) => h('li', {}, link({ v: 'role', id: x.role.id }, x.role.name),
    h('span', { class: 'muted' }, ` ${fmt(lang, x.score * 100, 0)} %${x.matched ? ` — ${w.viaLink[x.via](x.matched, x.through.name)}` : ''}`));
  const understood = [];
  if (data.linkTitle?.length) understood.push(section(w.asTitle, h('ol', {}, data.linkTitle.map(roleItem))));
  if (reading) {
    understood.push(section(w.understoodSkills(reading.skills.length),
      reading.skills.length ? h('ul', { class: 'evidence' }, reading.skills.map((m) => h('li', {},
        h('span', { lang: m.skill.nameLang === lang ? null : m.skill.nameLang }, m.skill.name),
        h('span', { class: 'muted' }, ' ← '), h('q', {}, m.evidence)))) : h('p', { class: 'hint' }, w.noSkillsRead),
      reading.skills.length ? h('p', {}, link({ v: 'routes', skills: reading.skills.map((m) => m.skill.id) }, w.routesFromSkills)) : null));
    if (reading.roles.length) understood.push(section(w.understoodRoles, h('ol', {}, reading.roles.map(roleItem))));
  }
  main.replaceChildren(h('div', { class: 'results-page' }, h('h1', {}, w.resultsTitle(shown)), understood,
    hits.length ? h('p', { role: 'status' }, w.resultsCount(hits.length)) : null, reading ? null : body,
    hits.length ? csvLink(w.csv, 'search.csv', [['kind', 'id', 'name', 'matched', 'score'], ...hits.map((x) => [x.kind, x.node.id, x.node.name, x.matched, x.score])]) : null));
}
