// The role page: everything a guide page shows, for any role in the graph
// (curated, ROME, ESCO), with what the role has and nothing where data is
// absent.
import { gql } from './api.js';
import { colon, langVars, longDate } from './i18n.js';
import { chart } from './salary.js';
import { fmt, h, section } from './ui.js';

export const query = `query RolePage($id: ID!, $lang: Language!, $names: Language) {
  role(id: $id) {
    id name(lang: $names) nameLang description insight
    market { startingSalary { label } typicalTraining { label } remoteWorkPercent trend trendLabel(lang: $lang) }
    trainings { rank note training { name kindLabel(lang: $lang) duration { label } examples code level levelWording(lang: $lang) type } }
    accessLevels { min max open wording(lang: $lang) }
    certifications(first: 0) { totalCount }
    romeParent romeFamily { id }
    labour {
      salaryBand { minNetMonthly maxNetMonthly grossYearlyMinK grossYearlyMaxK years caveat(lang: $lang) }
      hiring { familyName projects shareDifficult }
      tension { familyName category categoryLabel(lang: $lang) }
    }
    skillGroups { category label(lang: $lang) skills { importance skill { id name nameLang } } }
    employers { rank employer { name } }
    titles { label lang rare }
    levels { rank name yearsLabel(lang: $lang) salary { min max label } titles }
    nextSteps { to { id name(lang: $names) } }
    careerChangeSources { from { id name(lang: $names) } note }
    careerChangeCommon careerChangeAdvice
    sources { id name kind url version license } updatedOn
    romeCode access rome { executive regulated ecological digital demographic riasecMajor riasecMinor workContexts { label category }
      sectors { code label subLabel principal } nafSectors { code label } }
    romeDomain { code name parent { code name } }
    escoUri iscoCode family { code name }
    mcc { jobZone annualEarnings currency riskCategory sector }
    equivalents { id name(lang: $names) }
    closeTo: transitionsOut(kinds: [CLOSE_MATCH]) { to { id name(lang: $names) } }
    broader { id name(lang: $names) }
  }
}`;

const trendIcon = { UP: '📈', STABLE: '➡️', DOWN: '📉' };
const shownSkills = 12;

export async function render(main, ctx) {
  const { lang, words: w, state, link } = ctx;
  const id = state.get('id');
  main.replaceChildren(h('p', { class: 'loading' }, w.loading));
  let role;
  try {
    ({ role } = await gql(query, { id, ...langVars(lang) }));
    if (!role) throw Object.assign(new Error('unknown role'), { code: 'NOT_FOUND' });
  } catch (err) {
    if (ctx.current()) {
      main.replaceChildren(h('h1', {}, err.code === 'NOT_FOUND' ? w.notFoundTitle : w.errorTitle),
        ctx.failure(lang, err, err.code === 'NOT_FOUND' ? null : () => render(main, ctx)));
    }
    return;
  }
  if (!ctx.current()) return;
  document.title = `${role.name} · careergraph`;
  const roleLink = (r) => link({ v: 'role', id: r.id }, r.name);
  const m = role.market;
  const fact = (label, value) => h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value ?? '—'));

  const parts = [
    h('header', { class: 'role-head' },
      h('h1', {}, role.name),
      h('p', { class: 'actions' },
        link({ v: 'routes', to: role.id }, w.routeHere), ' · ',
        link({ v: 'explore', id: role.id }, w.exploreHere)),
      m.startingSalary || m.typicalTraining || m.remoteWorkPercent != null || m.trend
        ? h('dl', { class: 'market' },
          fact(w.startingSalary, m.startingSalary?.label),
          fact(w.typicalTraining, m.typicalTraining?.label),
          fact(w.remoteWork, m.remoteWorkPercent != null ? w.remoteOf(m.remoteWorkPercent) : null),
          fact(w.market, m.trend ? `${trendIcon[m.trend]} ${m.trendLabel}` : null))
        : null),
  ];
  // A role's texts are in the language of its name (ESCO's in English,
  // ROME's and the guide's in French): shown as written, marked so a
  // screen reader reads them in their language and a reader knows why.
  const textLang = role.nameLang === lang ? null : role.nameLang;
  const other = (code) => (code && code !== lang ? h('span', { class: 'badge other-lang' }, w.inLang[code]) : null);
  const text = (body) => h('p', { class: 'text', lang: textLang }, body);
  // ROME's texts are one duty per line: keep the lines.
  if (role.description) parts.push(section([w.whatDoes(role.name), other(textLang)], text(role.description)));
  if (role.insight) parts.push(section([w.insight, other(textLang)], text(role.insight)));
  if (role.access) parts.push(section([w.access, other(textLang)], text(role.access)));
  // The level fit: the levels ROME's access text names, and where each
  // certification stands against them (what the API ranks by).
  const al = role.accessLevels;
  const fit = (level) => {
    if (!al || !role.romeParent) return null;
    if (!level) return 'UNKNOWN';
    return level < al.min ? 'BELOW' : level > al.max ? 'ABOVE' : 'IN';
  };
  const levelFit = al ? h('p', { class: 'access-levels' }, h('strong', {}, `${w.accessLevels}${colon(lang)}`), al.wording,
    h('div', { class: 'muted' }, w.accessLevelsNote(al.open))) : null;
  if (role.trainings.length) {
    parts.push(section(w.trainings, levelFit, h('ol', { class: 'trainings' }, role.trainings.map((tp) => {
      const f = fit(tp.training.level);
      return h('li', {},
        h('strong', {}, tp.training.name),
        f ? h('span', { class: `badge fit fit-${f.toLowerCase()}` }, w.fit[f]) : null,
        h('div', { class: 'muted' }, [tp.training.duration?.label, tp.training.kindLabel, tp.training.levelWording, tp.training.code].filter(Boolean).join(' · ')),
        tp.training.examples ? h('div', {}, tp.training.examples) : null,
        tp.note ? h('div', { class: 'note' }, tp.note) : null);
    })),
      role.certifications.totalCount ? h('p', { class: 'muted' }, w.certifiedOf(role.trainings.length, role.certifications.totalCount)) : null,
      role.certifications.totalCount && role.romeParent ? h('p', { class: 'note' }, w.certsCaveat(role.romeParent, role.romeFamily.length)) : null));
  } else if (role.romeParent) {
    // A fiche without a certification says so, rather than leave a gap.
    parts.push(section(w.trainings, levelFit, h('p', { class: 'note' }, w.noCerts(role.romeParent))));
  }
  const lm = role.labour;
  if (lm) {
    const pct = (x) => (x == null ? '—' : `${fmt(lang, 100 * x, 0)} %`);
    const b = lm.salaryBand;
    const euros = (n) => `${fmt(lang, n, 0)} €`;
    parts.push(section(w.labour,
      h('p', { class: 'note' }, w.labourNote(role.romeParent)),
      b ? h('p', {}, h('strong', {}, `${w.salaryBand}${colon(lang)}`),
        `${b.minNetMonthly === b.maxNetMonthly ? euros(b.minNetMonthly) : `${euros(b.minNetMonthly)} – ${euros(b.maxNetMonthly)}`} ${w.perMonthNet} (${b.years}), `,
        w.grossYear(fmt(lang, b.grossYearlyMinK), fmt(lang, b.grossYearlyMaxK)),
        h('div', { class: 'muted' }, b.caveat)) : null,
      lm.hiring.length ? h('div', {}, h('strong', {}, w.hiring),
        h('ul', {}, lm.hiring.map((x) => h('li', {}, w.hiringLine(fmt(lang, x.projects, 0), pct(x.shareDifficult), x.familyName)))),
        h('p', { class: 'muted' }, w.hiringNote)) : null,
      lm.tension.length ? h('div', {}, h('strong', {}, w.tension),
        h('ul', {}, lm.tension.map((x) => h('li', {}, w.tensionLine(`${x.categoryLabel} (${x.category}/5)`, x.familyName)))),
        h('p', { class: 'muted' }, w.tensionNote)) : null,
      // What a guide page asks for and no shipped source gives (LabourMarket).
      h('p', { class: 'muted no-source' }, w.noTrend),
      h('p', { class: 'muted no-source' }, w.noEmployerShares)));
  }
  if (role.skillGroups.length) {
    parts.push(section(w.skills, h('div', { class: 'skill-groups' }, role.skillGroups.map((g) => {
      const item = (s) => h('li', { class: s.importance === 'ESSENTIAL' ? 'essential' : 'optional', lang: s.skill.nameLang === lang ? null : s.skill.nameLang }, s.skill.name,
        s.importance === 'ESSENTIAL' && g.skills.some((o) => o.importance === 'OPTIONAL') ? h('span', { class: 'badge' }, w.essential) : null);
      const first = g.skills.slice(0, shownSkills);
      const rest = g.skills.slice(shownSkills);
      const langs = [...new Set(g.skills.map((s) => s.skill.nameLang))];
      return h('div', { class: 'skill-group' }, h('h3', {}, g.label, langs.length === 1 ? other(langs[0]) : null),
        h('ul', {}, first.map(item)),
        rest.length ? h('details', {}, h('summary', {}, w.moreSkills(rest.length)), h('ul', {}, rest.map(item))) : null);
    }))));
  }
  if (role.employers.length) {
    parts.push(section(w.employers, h('ol', {}, role.employers.map((e) => h('li', {}, e.employer.name)))));
  }
  if (role.titles.length) {
    parts.push(section(w.titles, h('ul', { class: 'titles' }, role.titles.map((ti) =>
      h('li', { lang: ti.lang }, ti.label, ti.rare ? h('span', { class: 'muted' }, ` (${w.rareTitle})`) : null)))));
  }
  if (role.levels.length) {
    parts.push(section(w.levels,
      h('ol', { class: 'levels' }, role.levels.map((l) => h('li', {},
        h('strong', {}, `${l.name}${l.yearsLabel ? ` (${l.yearsLabel})` : ''}`),
        l.titles.length ? h('div', { class: 'muted' }, l.titles.join(' · ')) : null,
        l.salary ? h('div', { class: 'salary' }, l.salary.label) : null))),
      role.levels.some((l) => l.salary) ? chart(role.levels, w.salaryChart) : null));
  }
  if (role.nextSteps.length) {
    parts.push(section(w.nextSteps, h('ul', { class: 'inline' }, role.nextSteps.map((tr) => h('li', {}, roleLink(tr.to))))));
  }
  if (role.careerChangeSources.length || role.careerChangeAdvice) {
    parts.push(section(w.changers,
      role.careerChangeCommon ? h('p', {}, w.changeCommon) : null,
      h('ul', {}, role.careerChangeSources.map((tr) => h('li', {}, roleLink(tr.from), tr.note ? ` — ${tr.note}` : ''))),
      role.careerChangeAdvice ? h('p', { class: 'advice' }, h('strong', {}, `${w.advice}${colon(lang)}`), role.careerChangeAdvice) : null));
  }
  const rp = role.rome;
  if (rp) {
    const flags = [rp.executive && w.flags.executive, rp.regulated && w.flags.regulated, rp.digital && w.flags.digital,
      rp.demographic && w.flags.demographic,
      // ROME's own wording of the class, in French whatever the page's language.
      rp.ecological && [`${w.flags.ecological}${colon(lang)}`, h('span', { lang: 'fr' }, rp.ecological)]].filter(Boolean);
    const riasec = [rp.riasecMajor, rp.riasecMinor].filter(Boolean);
    if (flags.length || riasec.length) {
      parts.push(section(w.romeProfile,
        flags.length ? h('ul', { class: 'titles flags' }, flags.map((f) => h('li', {}, f))) : null,
        riasec.length ? h('p', {}, h('strong', {}, `${w.riasec}${colon(lang)}`),
          riasec.map((c, i) => `${w.riasecNames[c] || c}${i ? ` (${w.riasecMinor})` : ` (${w.riasecMajor})`}`).join(', ')) : null,
        h('p', { class: 'muted' }, w.romeProfileNote)));
    }
  }
  const contexts = role.rome?.workContexts || [];
  if (contexts.length) {
    parts.push(section([w.workContexts, other('fr')], h('dl', { class: 'contexts', lang: lang === 'fr' ? null : 'fr' },
      Object.entries(Object.groupBy(contexts, (c) => c.category)).map(([cat, list]) => h('div', {},
        h('dt', {}, cat), h('dd', {}, list.map((c) => c.label).join(' · ')))))));
  }
  const sectors = role.rome?.sectors || [];
  if (sectors.length) {
    parts.push(section([w.romeSectors, other('fr')], h('ul', { lang: lang === 'fr' ? null : 'fr' },
      sectors.map((s) => h('li', {}, s.subLabel ? `${s.label} — ${s.subLabel}` : s.label, s.principal ? ` (${w.principal})` : ''))),
      role.rome.nafSectors.length ? h('p', {}, `${w.naf}${colon(lang)}`, role.rome.nafSectors.map((n) => `${n.code} ${n.label}`).join(' · ')) : null));
  }
  if (role.mcc) {
    const c = role.mcc;
    parts.push(section(w.mcc, h('dl', { class: 'facts' },
      fact(w.jobZone, fmt(lang, c.jobZone)),
      fact(w.earnings, c.annualEarnings != null ? `${fmt(lang, c.annualEarnings, 0)} ${c.currency} ${w.ukEarnings}` : null),
      fact(w.risk, w.riskNames[c.riskCategory] || h('span', { lang: 'en' }, c.riskCategory)),
      fact(w.sector, h('span', { lang: lang === 'en' ? null : 'en' }, c.sector, other('en'))))));
  }
  if (role.equivalents.length || role.broader) {
    parts.push(section(w.equivalents, h('ul', { class: 'inline' },
      [...role.equivalents, ...(role.broader ? [role.broader] : [])].map((r) => h('li', {}, roleLink(r))))));
  }
  if (role.closeTo.length) {
    parts.push(section(w.closeTo, h('ul', { class: 'inline' }, role.closeTo.map((t) => h('li', {}, roleLink(t.to))))));
  }
  const codes = [
    role.romeCode && `ROME ${role.romeCode}${role.romeDomain ? ` · ${role.romeDomain.parent ? `${role.romeDomain.parent.name} › ` : ''}${role.romeDomain.name}` : ''}`,
    role.romeParent && w.romeParent(role.romeParent, role.romeFamily.length),
    role.iscoCode && `ISCO-08 ${role.iscoCode}${role.family ? ` · ${role.family.name}` : ''}`,
    role.escoUri && h('a', { href: role.escoUri, rel: 'noopener' }, 'ESCO'),
  ].filter(Boolean);
  const byKind = Object.groupBy(role.sources, (s) => s.kind);
  const source = (s) => h('span', { title: [s.version, s.license].filter(Boolean).join(' · ') || null }, s.url ? h('a', { href: s.url, rel: 'noopener' }, s.name) : s.name);
  parts.push(h('footer', { class: 'sources card' },
    h('h2', {}, w.sources),
    h('ul', {}, Object.entries(byKind).map(([kind, list]) => h('li', {},
      `${w.sourceKinds[kind]}${colon(lang)}`, list.flatMap((s, i) => (i ? [' / ', source(s)] : [source(s)])),
      list.some((s) => s.version || s.license) ? h('div', { class: 'muted' }, list.map((s) => [s.version, s.license].filter(Boolean).join(' · ')).filter(Boolean).join(' — ')) : null))),
    codes.length ? h('p', { class: 'muted' }, codes.flatMap((c, i) => (i ? [' · ', c] : [c]))) : null,
    role.updatedOn ? h('p', {}, w.updatedOn(longDate(lang, role.updatedOn))) : null));
  main.replaceChildren(h('article', { class: 'role' }, parts));
}
