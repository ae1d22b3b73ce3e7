// Explore, for analysts: a role's neighbourhood as a graph expanded node
// by node, the roles reachable within N steps or Y years, hub roles, the
// ROME and ISCO trees, and the group or training a search picked.
import { gql } from './api.js';
import { draw } from './graph.js';
import { colon, langVars } from './i18n.js';
import { combobox, csvLink, fmt, h, section } from './ui.js';

const around = `query Around($id: ID!, $names: Language) {
  role(id: $id) {
    id name(lang: $names)
    transitionsOut { kind to { id name(lang: $names) } }
    transitionsIn { kind from { id name(lang: $names) } }
  }
  similarRoles(role: $id, k: 8) { role { id name(lang: $names) } score viable desirable }
}`;

const reach = `query Reach($id: ID!, $steps: Int, $years: Float, $names: Language) {
  reachableRoles(from: $id, maxSteps: $steps, maxYears: $years) { role { id name(lang: $names) } steps years yearsEstimated }
}`;

const overview = `query Overview($names: Language) {
  graphStats(top: 8) {
    hubsByInDegree { role { id name(lang: $names) } inDegree }
    hubsByOutDegree { role { id name(lang: $names) } outDegree }
    hubsByBetweenness { role { id name(lang: $names) } betweenness }
  }
  flows: sectorMatrix { sectors shares }
  rome: groups(filter: { kind: ROME, topLevel: true }, first: 50) { nodes { id code name } }
  isco: groups(filter: { kind: OCCUPATION, topLevel: true }, first: 50) { nodes { id code name } }
}`;

const groupQuery = `query Group($id: ID!, $names: Language) {
  group(id: $id) {
    id code name kind
    ancestors { id code name }
    children { id code name }
    roles(first: 30) { totalCount nodes { id name(lang: $names) } }
  }
}`;

const trainingQuery = `query Training($id: ID!, $lang: Language!, $names: Language) {
  node(id: $id) { ... on Training { name kindLabel(lang: $lang) duration { label } examples leadsTo { rank note role { id name(lang: $names) } } } }
}`;

const shownReach = 60;

export async function render(main, ctx) {
  const { lang, words: w, state, go, link } = ctx;
  document.title = `${w.exploreTitle} · careergraph`;
  const id = state.get('id');
  const steps = Math.min(10, Math.max(1, Number(state.get('steps')) || 2));
  const years = state.get('years') ? Number(state.get('years')) : null;
  if (!main.querySelector('.explore')) main.replaceChildren(h('p', { class: 'loading' }, w.loading));
  const focused = document.activeElement?.id;
  const ask = (q, v) => gql(q, { ...v, ...langVars(lang) }).then((d) => ({ d }), (err) => ({ err }));
  const [near, far, top, group, training] = await Promise.all([
    id ? ask(around, { id }) : null,
    id ? ask(reach, { id, steps, years }) : null,
    ask(overview, {}),
    state.get('group') ? ask(groupQuery, { id: state.get('group') }) : null,
    state.get('training') ? ask(trainingQuery, { id: state.get('training') }) : null,
  ]);
  if (!ctx.current()) return;
  const roleLink = (r) => link({ v: 'role', id: r.id }, r.name);
  const recentre = (r) => link({ v: 'explore', id: r.id, steps: state.get('steps'), years: state.get('years') },
    h('span', { 'aria-hidden': 'true' }, '◎'), h('span', { class: 'sr-only' }, w.recentre(r.name)));
  const picker = combobox({ lang, id: 'pick-explore', label: w.pickRole, placeholder: w.pickRole, types: ['ROLE', 'JOB_TITLE'], onPick: (hit) => go({ v: 'explore', id: hit.node.id }) });

  const left = [h('div', { class: 'field' }, picker.el)];
  if (!id) left.push(h('p', { class: 'hint' }, w.pickToExplore));
  else if (near.err || !near.d.role) left.push(ctx.failure(lang, near.err || { code: 'NOT_FOUND' }, near.err ? () => render(main, ctx) : null));
  else {
    const r = near.d.role;
    const item = (x, extra) => h('li', {}, roleLink(x), ' ', recentre(x), extra ? h('span', { class: 'muted' }, ` ${extra}`) : null);
    left.push(section(`${w.neighbourhood}${colon(lang)}${r.name}`,
      h('figure', { class: 'graph-box' }, h('div', { class: 'graph' }),
        h('figcaption', { class: 'legend' },
          h('span', {}, h('i', { class: 'dot center' }), w.legend.center),
          h('span', {}, h('i', { class: 'dot' }), w.legend.move),
          h('span', {}, h('i', { class: 'dot similar' }), w.legend.similar),
          h('span', { class: 'muted' }, w.expandHint))),
      h('div', { class: 'columns' },
        h('div', {}, h('h3', {}, `${w.transitionsOut} (${r.transitionsOut.length})`),
          h('ul', {}, r.transitionsOut.map((t) => item(t.to, w.kindsT[t.kind])))),
        h('div', {}, h('h3', {}, `${w.transitionsIn} (${r.transitionsIn.length})`),
          h('ul', {}, r.transitionsIn.map((t) => item(t.from, w.kindsT[t.kind])))),
        h('div', {}, h('h3', {}, w.similar),
          h('ul', {}, near.d.similarRoles.map((s) => item(s.role,
            [fmt(lang, s.score, 2), s.viable ? w.viable : null, s.desirable ? w.desirable : null].filter(Boolean).join(' · '))))))));
    const form = h('form', {
      class: 'row', onsubmit: (e) => {
        e.preventDefault();
        const f = new FormData(e.target);
        go({ v: 'explore', id, steps: f.get('steps'), years: f.get('years') }, { replace: true });
      },
    },
    h('label', {}, `${w.withinSteps} `, h('input', { id: 'reach-steps', name: 'steps', type: 'number', min: 1, max: 10, value: steps }), ` ${w.stepsUnit}`),
    h('label', {}, `${w.withinYears} `, h('input', { id: 'reach-years', name: 'years', type: 'number', min: 0, max: 60, step: 0.5, value: years ?? '' }), ` ${w.yearsUnit}`),
    h('button', { type: 'submit' }, w.search));
    const found = far.d?.reachableRoles || [];
    left.push(section(w.reachable, form,
      far.err ? ctx.failure(lang, far.err) : h('p', { role: 'status' }, w.reachCount(found.length)),
      h('ol', { class: 'reach' }, found.slice(0, shownReach).map((x) => h('li', {}, roleLink(x.role),
        h('span', { class: 'muted' }, ` ${w.nSteps(x.steps)} · ${fmt(lang, x.years)} ${w.yearsUnit}${x.yearsEstimated ? ` (${w.estimated})` : ''}`)))),
      found.length > shownReach ? h('p', { class: 'muted' }, w.moreSkills(found.length - shownReach)) : null,
      found.length ? csvLink(w.csv, 'reachable-roles.csv', [['id', 'name', 'steps', 'years', 'yearsEstimated'],
        ...found.map((x) => [x.role.id, x.role.name, x.steps, x.years, x.yearsEstimated])]) : null));
  }

  const right = [];
  if (training?.d?.node) {
    const tr = training.d.node;
    right.push(section(tr.name, h('p', { class: 'muted' }, [tr.duration?.label, tr.kindLabel].filter(Boolean).join(' · ')),
      tr.examples ? h('p', {}, tr.examples) : null,
      h('ol', {}, tr.leadsTo.map((tp) => h('li', {}, roleLink(tp.role), tp.note ? ` — ${tp.note}` : '')))));
  } else if (training?.err) right.push(ctx.failure(lang, training.err));
  if (group?.d?.group) right.push(groupCard(ctx, group.d.group));
  else if (group?.err) right.push(ctx.failure(lang, group.err));
  if (top.err) right.push(ctx.failure(lang, top.err, () => render(main, ctx)));
  else {
    const s = top.d.graphStats;
    const hubList = (title, xs, key, unit) => h('div', {}, h('h3', {}, title),
      h('ol', {}, xs.map((x) => h('li', {}, roleLink(x.role), h('span', { class: 'muted' }, ` ${unit(fmt(lang, x[key], 0))}`)))));
    right.push(section(w.hubs, h('div', { class: 'columns' },
      hubList(w.hubsIn, s.hubsByInDegree, 'inDegree', w.hubUnits.in), hubList(w.hubsOut, s.hubsByOutDegree, 'outDegree', w.hubUnits.out),
      hubList(w.hubsBetween, s.hubsByBetweenness, 'betweenness', w.hubUnits.between)), h('p', { class: 'muted' }, w.hubsNote),
      csvLink(w.csv, 'hubs.csv', [['measure', 'id', 'name', 'value'],
        ...[['inDegree', s.hubsByInDegree], ['outDegree', s.hubsByOutDegree], ['betweenness', s.hubsByBetweenness]]
          .flatMap(([m, xs]) => xs.map((x) => [m, x.role.id, x.role.name, x[m]]))])));
    right.push(section(w.trees,
      tree(ctx, w.treeRome, top.d.rome.nodes), tree(ctx, w.treeIsco, top.d.isco.nodes)));
  }
  main.replaceChildren(h('div', { class: 'explore' }, h('h1', {}, w.exploreTitle),
    h('div', { class: 'explore-grid' }, h('div', {}, left), h('div', {}, right)),
    top.d ? flowMatrix(ctx, top.d.flows) : null));
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  if (id && near.d?.role) neighbourhood(main.querySelector('.graph'), near.d, ctx);
}

// flowMatrix shows MCC's sector matrix as a table shaded by share: where
// people of each sector (rows) move, per Nesta; names are MCC's, in English.
function flowMatrix(ctx, m) {
  const { lang, words: w } = ctx;
  const pct = (v) => (v > 0 && v < 0.005 ? `< 1 %` : `${fmt(lang, v * 100, 0)} %`);
  const en = lang === 'en' ? null : 'en';
  return section(w.flowsTitle,
    h('p', { class: 'muted' }, w.flowsNote),
    h('div', { class: 'scroll-x' }, h('table', { class: 'flows' },
      h('caption', { class: 'sr-only' }, w.flowsTitle),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'corner' }, w.flowsCorner), m.sectors.map((s) => h('th', { scope: 'col', lang: en }, s)))),
      h('tbody', {}, m.sectors.map((from, i) => h('tr', {}, h('th', { scope: 'row', lang: en }, from),
        m.shares[i].map((v, j) => h('td', {
          // at most 60 % blue, so dark text stays readable on every cell
          style: v > 0 ? `background: rgba(29, 78, 216, ${(0.06 + 0.54 * v).toFixed(2)})` : null,
          title: `${from} → ${m.sectors[j]}: ${pct(v)}`,
        }, v > 0 ? pct(v) : '·'))))))),
    csvLink(w.csv, 'mcc-sector-flows.csv', [['from', ...m.sectors], ...m.sectors.map((s, i) => [s, ...m.shares[i]])]));
}

function groupCard(ctx, g) {
  const { words: w, link } = ctx;
  return section(`${g.code} ${g.name}`,
    g.ancestors.length ? h('p', { class: 'muted' }, [...g.ancestors].reverse().map((a) => `${a.code} ${a.name}`).join(' › ')) : null,
    g.children.length ? h('ul', {}, g.children.map((c) => h('li', {}, link({ v: 'explore', group: c.id }, `${c.code} ${c.name}`)))) : null,
    h('p', { class: 'muted' }, w.rolesInGroup(g.roles.totalCount)),
    h('ul', { class: 'inline' }, g.roles.nodes.map((r) => h('li', {}, link({ v: 'role', id: r.id }, r.name)))));
}

// tree lists top-level groups; opening one loads its children and roles.
function tree(ctx, title, groups) {
  const { lang, link } = ctx;
  const node = (g) => {
    const body = h('div', { class: 'tree-body' });
    const d = h('details', {
      ontoggle: async () => {
        if (!d.open || body.dataset.loaded) return;
        body.dataset.loaded = '1';
        body.append(h('p', { class: 'loading' }, ctx.words.loading));
        try {
          const { group } = await gql(groupQuery, { id: g.id, ...langVars(lang) });
          body.replaceChildren(
            h('ul', {}, group.children.map((c) => h('li', {}, node(c)))),
            group.roles.totalCount ? h('p', {}, link({ v: 'explore', group: g.id }, ctx.words.rolesInGroup(group.roles.totalCount))) : null);
        } catch (err) {
          delete body.dataset.loaded;
          body.replaceChildren(ctx.failure(lang, err));
        }
      },
    }, h('summary', {}, `${g.code} ${g.name}`), body);
    return d;
  };
  return h('div', { class: 'tree' }, h('h3', {}, title), h('ul', {}, groups.map((g) => h('li', {}, node(g)))));
}

// neighbourhood draws a role with its moves in and out and its similar
// roles; tapping a role adds its own.
async function neighbourhood(container, data, ctx) {
  const added = new Set();
  const elements = (d) => {
    const r = d.role;
    const out = [{ group: 'nodes', data: { id: r.id, label: r.name } }];
    const edge = (from, to, kind, cls) => out.push({ group: 'edges', data: { id: `${from}>${to}:${kind}`, source: from, target: to, color: cls ? '#a78bfa' : '#64748b' }, classes: cls || '' });
    for (const t of r.transitionsOut) { out.push({ group: 'nodes', data: { id: t.to.id, label: t.to.name } }); edge(r.id, t.to.id, t.kind); }
    for (const t of r.transitionsIn) { out.push({ group: 'nodes', data: { id: t.from.id, label: t.from.name } }); edge(t.from.id, r.id, t.kind); }
    for (const s of d.similarRoles) { out.push({ group: 'nodes', data: { id: s.role.id, label: s.role.name }, classes: 'similar' }); edge(r.id, s.role.id, 'similar', 'similar'); }
    return out;
  };
  const fresh = (cy, els) => els.filter((e) => !cy.getElementById(e.data.id).length && !added.has(e.data.id) && added.add(e.data.id));
  const first = elements(data);
  let cy;
  const expand = async (n) => {
    if (n.hasClass('expanded')) return;
    n.addClass('expanded');
    try {
      const d = await gql(around, { id: n.id(), ...langVars(ctx.lang) });
      if (!d.role) return;
      cy.add(fresh(cy, elements(d)).map((e) => (e.group === 'nodes' ? { ...e, classes: `${e.classes || ''} minor` } : e)));
      cy.layout({ name: 'cose', animate: false, randomize: false, padding: 20, nodeRepulsion: () => 9000 }).run();
    } catch {
      n.removeClass('expanded');
    }
  };
  cy = await draw(container, [], { name: 'preset' }, { label: `${ctx.words.neighbourhood}: ${data.role.name}`, onEnter: expand, hint: ctx.words.tapToUse });
  const els = fresh(cy, first);
  // Named at once only when few; otherwise on hover or focus.
  const crowded = els.filter((e) => e.group === 'nodes').length > 16;
  cy.add(els.map((e) => (crowded && e.group === 'nodes' ? { ...e, classes: `${e.classes || ''} minor` } : e)));
  cy.getElementById(data.role.id).removeClass('minor').addClass('center expanded');
  cy.layout({ name: 'concentric', concentric: (n) => (n.hasClass('center') ? 2 : 1), levelWidth: () => 1, padding: 20, animate: false }).run();
  cy.on('tap', 'node', (e) => expand(e.target));
}
