// Routes: the k best routes from a role or a set of skills to a target
// role, drawn as a graph and listed step by step, with the skill gap.
// Every setting is in the URL, and changing one recomputes the routes.
import { gql } from './api.js';
import { draw, routeColor } from './graph.js';
import { colon, langVars } from './i18n.js';
import { chips, combobox, fmt, h, section } from './ui.js';

const pathFields = `
  totalSteps totalYears totalEffort cost estimated
  steps {
    from { id name(lang: $names) } to { id name(lang: $names) }
    transition { kind note noteLang }
    years yearsBasis yearsEstimated effort effortEstimated
    skillsToAcquire { id name }
    trainings { rank training { name duration { label } } }
  }`;

const query = `query Routes($ids: [ID!]!, $run: Boolean!, $from: PathStart!, $to: ID!, $optimize: PathCost, $k: Int, $maxSteps: Int,
  $viableOnly: Boolean, $avoid: [ID!], $names: Language, $fromRole: ID!, $withRole: Boolean!, $gap: Boolean!, $have: [ID!]!) {
  nodes(ids: $ids) { __typename ... on Role { id name(lang: $names) } ... on Skill { id name } }
  careerPaths(from: $from, to: $to, optimize: $optimize, k: $k, maxSteps: $maxSteps, viableOnly: $viableOnly, avoid: $avoid) @include(if: $run) { ${pathFields} }
  fromRole: role(id: $fromRole) @include(if: $withRole) { skills { skill { id } } }
  skillGap(have: $have, target: $to) @include(if: $gap) { ...gap }
}
fragment gap on SkillGap {
  coverage missingEssential { id name } missingOptional { id name }
  trainings { rank training { name duration { label } } }
}`;

const gapQuery = `query Gap($have: [ID!]!, $to: ID!) { skillGap(have: $have, target: $to) { ...gap } }
fragment gap on SkillGap {
  coverage missingEssential { id name } missingOptional { id name }
  trainings { rank training { name duration { label } } }
}`;

function list(s, key) {
  return (s.get(key) || '').split(',').filter(Boolean);
}

// int reads a whole number from the URL, kept within the API's range
// (k=0 becomes 1, as the form shows, not the default).
function int(s, key, min, max, dflt) {
  const n = Number.parseInt(s.get(key), 10);
  return Number.isNaN(n) ? dflt : Math.min(max, Math.max(min, n));
}

// The field to focus once the form is drawn again: the picker of a chip
// just removed, so focus does not fall back to the page.
let refocus = null;

export async function render(main, ctx) {
  const { lang, words: w, state, go } = ctx;
  document.title = `${w.routesTitle} · careergraph`;
  const mode = state.get('skills') || state.get('mode') === 'skills' ? 'skills' : 'role';
  const st = {
    from: state.get('from') || '', skills: list(state, 'skills'), to: state.get('to') || '',
    optimize: ['STEPS', 'YEARS', 'EFFORT'].includes(state.get('opt')) ? state.get('opt') : 'STEPS',
    k: int(state, 'k', 1, 10, 3), maxSteps: int(state, 'steps', 1, 10, 6), viableOnly: state.get('viable') === '1', avoid: list(state, 'avoid'),
  };
  // Each edit is a history entry: Back undoes it rather than leaving the page.
  const update = (patch, focusId) => {
    const n = { mode, ...st, ...patch };
    refocus = focusId || null;
    go({ v: 'routes', mode: n.mode === 'skills' ? 'skills' : null, from: n.from, skills: n.skills, to: n.to, opt: n.optimize === 'STEPS' ? null : n.optimize, k: n.k === 3 ? null : n.k, steps: n.maxSteps === 6 ? null : n.maxSteps, viable: n.viableOnly ? '1' : null, avoid: n.avoid }, { keepScroll: true });
  };
  const ids = [...new Set([st.from, ...st.skills, st.to, ...st.avoid].filter(Boolean))];
  const start = mode === 'skills' ? { skillIds: st.skills } : { roleId: st.from };
  const ready = st.to && (st.from || st.skills.length);
  const focused = document.activeElement?.id;
  if (!main.querySelector('.routes')) main.replaceChildren(h('p', { class: 'loading' }, w.loading));

  let data = { nodes: [] };
  let failed;
  try {
    if (ids.length) {
      data = await gql(query, {
        ids, run: !!ready, from: start, to: st.to || 'role:none', optimize: st.optimize, k: st.k, maxSteps: st.maxSteps, viableOnly: st.viableOnly, avoid: st.avoid,
        ...langVars(lang), fromRole: st.from || 'role:none', withRole: !!(ready && st.from && mode === 'role'),
        gap: !!(ready && mode === 'skills'), have: st.skills,
      });
      if (data.fromRole && st.to) {
        data.skillGap = (await gql(gapQuery, { have: data.fromRole.skills.map((s) => s.skill.id), to: st.to })).skillGap;
      }
    }
  } catch (err) {
    failed = err;
    data = err.data?.nodes ? err.data : { nodes: [] };
  }
  if (!ctx.current()) return;
  const names = new Map(data.nodes.filter(Boolean).map((n) => [n.id, n.name]));
  const unknown = ids.filter((id) => !names.has(id));
  const named = (id) => ({ id, name: names.get(id) || id });

  const picker = (id, label, types, onPick) => {
    const cb = combobox({ lang, id, label, placeholder: types.includes('SKILL') ? w.pickSkill : w.pickRole, types, onPick: (hit) => onPick(hit.node) });
    return h('div', { class: 'field' }, h('span', { class: 'field-label', 'aria-hidden': 'true' }, label), cb.el);
  };
  const roleTypes = ['ROLE', 'JOB_TITLE'];
  const form = h('form', { class: 'route-form card', onsubmit: (e) => e.preventDefault() },
    h('fieldset', { class: 'mode' }, h('legend', { class: 'sr-only' }, w.fromLabel),
      ['role', 'skills'].map((m) => h('label', {},
        h('input', { type: 'radio', id: `mode-${m}`, name: 'mode', value: m, checked: mode === m, onchange: () => (m === 'role' ? update({ mode: m, skills: [] }, `mode-${m}`) : update({ mode: m, from: '' }, `mode-${m}`)) }),
        m === 'role' ? w.fromRole : w.fromSkills))),
    mode === 'role'
      ? [picker('pick-from', w.fromLabel, roleTypes, (n) => update({ from: n.id })), st.from ? chips([named(st.from)], () => update({ from: '' }, 'pick-from'), lang) : null]
      : [picker('pick-skills', w.skillsLabel, ['SKILL'], (n) => update({ skills: [...new Set([...st.skills, n.id])] })),
        chips(st.skills.map(named), (it) => update({ skills: st.skills.filter((x) => x !== it.id) }, 'pick-skills'), lang)],
    picker('pick-to', w.toLabel, roleTypes, (n) => update({ to: n.id })),
    st.to ? chips([named(st.to)], () => update({ to: '' }, 'pick-to'), lang) : null,
    h('div', { class: 'row' },
      h('label', {}, w.optimize, ' ', h('select', { id: 'opt', onchange: (e) => update({ optimize: e.target.value }) },
        ['STEPS', 'YEARS', 'EFFORT'].map((o) => h('option', { value: o, selected: o === st.optimize }, w.opt[o])))),
      h('label', {}, w.kLabel, ' ', h('input', { id: 'k', type: 'number', min: 1, max: 10, value: st.k, onchange: (e) => update({ k: Number(e.target.value) }, 'k') })),
      h('label', {}, w.maxSteps, ' ', h('input', { id: 'steps', type: 'number', min: 1, max: 10, value: st.maxSteps, onchange: (e) => update({ maxSteps: Number(e.target.value) }, 'steps') })),
      h('label', {}, h('input', { id: 'viable', type: 'checkbox', checked: st.viableOnly, onchange: (e) => update({ viableOnly: e.target.checked }) }), ' ', w.viableOnly)),
    picker('pick-avoid', w.avoidLabel, roleTypes, (n) => update({ avoid: [...new Set([...st.avoid, n.id])] })),
    chips(st.avoid.map(named), (it) => update({ avoid: st.avoid.filter((x) => x !== it.id) }, 'pick-avoid'), lang));

  const results = [];
  if (failed) results.push(ctx.failure(lang, failed, () => render(main, ctx)));
  else if (unknown.length) results.push(ctx.failure(lang, { code: 'NOT_FOUND' }));
  else if (!ready) results.push(h('p', { class: 'hint' }, w.needEnds));
  else if (!data.careerPaths.length) results.push(h('p', { class: 'hint', role: 'status' }, w.noRoute));
  else results.push(...paths(ctx, data.careerPaths, st, mode, names));
  if (ready && data.skillGap) results.push(gap(ctx, data.skillGap, names.get(st.to)));

  // On a phone, once there are routes, the form folds into one line so the
  // first route shows without scrolling; it stays open while being edited.
  const editing = main.querySelector('details.route-edit')?.open;
  const fold = ready && !failed && window.matchMedia('(max-width: 760px)').matches;
  const shownForm = fold
    ? h('details', { class: 'route-edit card', open: editing || null },
      h('summary', {}, w.editRoute(mode === 'skills' ? w.skillsLabel : names.get(st.from) || st.from, names.get(st.to) || st.to)), form)
    : form;
  main.replaceChildren(h('div', { class: 'routes' }, h('h1', {}, w.routesTitle), shownForm, h('div', { class: 'results', 'aria-live': 'polite' }, results)));
  const again = refocus || focused;
  refocus = null;
  if (again && document.getElementById(again)) document.getElementById(again).focus();
  const canvas = main.querySelector('.graph');
  if (canvas) drawRoutes(canvas, data.careerPaths, st, mode, w, ctx, names);
}

function paths(ctx, found, st, mode, names) {
  const { lang, words: w, link } = ctx;
  const roleLink = (r) => link({ v: 'role', id: r.id }, r.name);
  const figure = h('figure', { class: 'graph-box' },
    h('div', { class: 'graph' }),
    h('figcaption', { class: 'legend' }, found.map((_, i) => h('span', {}, h('i', { style: `background:${routeColor(i)}` }), w.route(i + 1)))));
  const cards = found.map((p, i) => h('section', { class: 'card route', 'data-route': i + 1 },
    h('h2', {}, h('i', { class: 'swatch', style: `background:${routeColor(i)}` }), w.route(i + 1)),
    h('p', { class: 'totals' },
      `${w.nSteps(p.totalSteps)} · ${fmt(lang, p.totalYears)} ${w.cost.years} · ${w.cost.effort} ${fmt(lang, p.totalEffort, 2)}`,
      p.estimated ? h('span', { class: 'muted' }, ` (${w.estimated})`) : null),
    h('ol', { class: 'steps' }, p.steps.map((s) => h('li', {},
      h('div', { class: 'step-head' },
        s.from ? [roleLink(s.from), ' → '] : [h('span', { class: 'muted' }, w.enterFromSkills), ' → '], roleLink(s.to)),
      h('div', { class: 'muted' },
        [s.transition ? w.kindsT[s.transition.kind] : null,
          `${fmt(lang, s.years)} ${w.cost.years} (${w.basis[s.yearsBasis]})`,
          `${w.cost.effort} ${fmt(lang, s.effort, 2)}${s.effortEstimated ? ` (${w.estimated})` : ''}`].filter(Boolean).join(' · ')),
      s.transition?.note ? note(s.transition, lang, w) : null,
      s.skillsToAcquire.length ? h('div', {}, h('strong', {}, `${w.toAcquire}${colon(lang)}`),
        s.skillsToAcquire.slice(0, 8).map((k) => k.name).join(', '),
        s.skillsToAcquire.length > 8 ? ` ${w.moreSkills(s.skillsToAcquire.length - 8)}` : '') : null,
      s.trainings.length ? h('div', {}, h('strong', {}, `${w.trainingsFor}${colon(lang)}`),
        s.trainings.slice(0, 3).map((tp) => `${tp.training.name}${tp.training.duration ? ` (${tp.training.duration.label})` : ''}`).join(', ')) : null)))));
  return [figure, ...cards];
}

function gap(ctx, g, target) {
  const { lang, words: w } = ctx;
  const names = (xs) => xs.map((x) => x.name).join(', ');
  return section(w.gapTitle(target),
    g.coverage != null ? h('p', {}, w.coverage(fmt(lang, g.coverage * 100, 0))) : null,
    g.missingEssential.length ? h('p', {}, h('strong', {}, w.missingEssential), ' — ', names(g.missingEssential.slice(0, 20))) : null,
    g.missingOptional.length ? h('details', {}, h('summary', {}, `${w.missingOptional} (${g.missingOptional.length})`), h('p', {}, names(g.missingOptional))) : null,
    g.trainings.length ? h('p', {}, h('strong', {}, w.trainingsFor), ' — ', g.trainings.map((tp) => tp.training.name).join(', ')) : null);
}

async function drawRoutes(container, found, st, mode, w, ctx, names) {
  const nodes = new Map();
  const edges = [];
  const startId = mode === 'skills' ? 'you' : st.from;
  if (mode === 'skills') nodes.set('you', { data: { id: 'you', label: w.skillsLabel }, classes: 'start' });
  found.forEach((p, i) => p.steps.forEach((s, j) => {
    for (const r of [s.from, s.to].filter(Boolean)) {
      nodes.set(r.id, { data: { id: r.id, label: r.name }, classes: r.id === st.from ? 'start' : r.id === st.to ? 'target' : '' });
    }
    edges.push({ data: { id: `r${i}s${j}`, source: s.from ? s.from.id : 'you', target: s.to.id, color: routeColor(i) } });
  }));
  if (!nodes.size) return;
  await draw(container, [...nodes.values(), ...edges], { name: 'breadthfirst', directed: true, roots: [startId], spacingFactor: 1.1, padding: 24 }, {
    label: `${w.routesTitle}: ${names.get(st.to)}`, hint: w.tapToUse,
    onEnter: (n) => n.id() !== 'you' && ctx.go({ v: 'role', id: n.id() }),
  });
}

// note shows a step's note; one the importers wrote in English is marked
// with its language, for screen readers, and says so in words.
function note(tr, lang, w) {
  const other = tr.noteLang && tr.noteLang !== lang ? tr.noteLang : null;
  return h('div', { class: 'note' }, h('span', { lang: other }, tr.note),
    other ? [' ', h('span', { class: 'badge other-lang' }, w.inLang[other])] : null);
}
