// The first page: what the explorer is, three ways in, and the graph's size.
import { gql } from './api.js';
import { fmt, h } from './ui.js';

const query = `{ graphStats(top: 1) { nodes { kind count } transitionKinds { kind count } } }`;

export async function render(main, ctx) {
  const { lang, words: w, link } = ctx;
  document.title = `${w.title} · careergraph`;
  const intro = [
    h('h1', {}, w.title),
    h('p', { class: 'lead' }, w.tagline),
    h('h2', {}, w.homeLead),
    h('ul', { class: 'starts' },
      h('li', {}, link({ v: 'role', id: 'role:developpeur-back-end' }, w.homeGuide)),
      h('li', {}, link({ v: 'routes', from: 'role:data-engineer', to: 'role:staff-engineer' }, w.homeRoute)),
      h('li', {}, link({ v: 'explore' }, w.homeExplore))),
  ];
  const size = h('section', { class: 'card size' }, h('h2', {}, w.graphSize), h('p', { class: 'loading' }, w.loading));
  main.replaceChildren(h('div', { class: 'home' }, intro, size));
  try {
    const { graphStats: s } = await gql(query);
    if (!ctx.current()) return;
    size.replaceChildren(h('h2', {}, w.graphSize), h('dl', { class: 'facts' },
      [...s.nodes, ...s.transitionKinds].map((k) => h('div', { class: 'fact' }, h('dt', {}, w.counts[k.kind] || k.kind), h('dd', {}, fmt(lang, k.count, 0))))));
  } catch (err) {
    if (ctx.current()) size.replaceChildren(ctx.failure(lang, err, () => render(main, ctx)));
  }
}
