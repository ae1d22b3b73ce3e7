// The explorer: one page, its state in the URL (?v=view&id=…&lang=en), so
// a link reopens the same view. Each view renders into <main> from the API.
import { errorText, t } from './i18n.js';
import { combobox, h } from './ui.js';
import * as role from './role.js';
import * as routes from './routes.js';
import * as explore from './explore.js';
import * as home from './home.js';
import * as search from './search.js';

const views = { role, routes, explore, home, search };
const header = document.getElementById('top');
const main = document.getElementById('main');
let headerLang = null;
let lastRole = 'role:developpeur-back-end'; // where the Role tab goes before any role is opened
let seq = 0;

function state() {
  return new URLSearchParams(location.search);
}

// href builds a link to a state; params with empty values are dropped, and
// the language is kept unless it is given.
export function href(params) {
  const next = new URLSearchParams();
  const lang = params.lang ?? state().get('lang');
  for (const [k, v] of Object.entries({ ...params, lang })) {
    if (v != null && v !== '' && v !== false && !(k === 'lang' && v === 'fr')) next.set(k, Array.isArray(v) ? v.join(',') : v);
  }
  const q = next.toString();
  return q ? `/?${q}` : '/';
}

// go moves to a state: a new history entry (Back returns), at the top of
// the page unless keepScroll (a form edited in place).
export function go(params, { replace = false, keepScroll = false } = {}) {
  const url = href(params);
  if (url === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  if (!replace && !keepScroll) window.scrollTo(0, 0);
  render();
}

// link is an <a> that navigates in the page (and still opens in a new tab).
export function link(params, ...children) {
  return h('a', {
    href: href(params),
    onclick: (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      history.pushState(null, '', e.currentTarget.getAttribute('href'));
      window.scrollTo(0, 0);
      render();
    },
  }, ...children);
}

// failure shows an error as a sentence, with a way to try again.
export function failure(lang, err, again) {
  return h('div', { class: 'error', role: 'alert' },
    h('p', {}, errorText(lang, err)),
    again ? h('button', { type: 'button', onclick: again }, t(lang).retry) : null);
}

function renderHeader(lang, view) {
  const words = t(lang);
  const search = combobox({
    lang, id: 'site-search', label: words.searchLabel, placeholder: words.searchPlaceholder,
    onPick: (hit) => {
      const n = hit.node;
      if (n.__typename === 'Role') go({ v: 'role', id: n.id });
      else if (n.__typename === 'Skill') go({ v: 'routes', skills: [...(state().get('skills')?.split(',').filter(Boolean) || []), n.id], to: state().get('to') });
      else if (n.__typename === 'Group') go({ v: 'explore', group: n.id });
      else go({ v: 'explore', training: n.id });
    },
    onSubmit: (q) => go({ v: 'search', q }),
  });
  const nav = (v, label) => {
    const a = link({ v }, label);
    a.dataset.v = v;
    return h('li', {}, a);
  };
  header.replaceChildren(
    h('a', { class: 'brand', href: href({ v: null }) }, h('img', { src: '/assets/favicon.svg', alt: '', width: 28, height: 28 }), 'careergraph'),
    search.el,
    h('nav', { 'aria-label': 'sections' },
      h('ul', {}, nav('role', words.navRole), nav('routes', words.navRoutes), nav('explore', words.navExplore),
        h('li', {}, h('a', { href: '/graphiql' }, 'API', h('span', { class: 'wide' }, ' (GraphiQL)'))))),
    h('button', {
      type: 'button', class: 'lang', lang: lang === 'fr' ? 'en' : 'fr', 'aria-label': words.langSwitchLabel,
      onclick: () => go({ ...Object.fromEntries(state()), lang: lang === 'fr' ? 'en' : 'fr' }, { replace: true }),
    }, words.langSwitch),
  );
  header.dataset.view = view;
  headerLang = lang;
}

export async function render() {
  const s = state();
  const lang = s.get('lang') === 'en' ? 'en' : 'fr';
  let v = s.get('v') || 'home';
  if (!views[v] || (v === 'role' && !s.get('id'))) v = 'home';
  document.documentElement.lang = lang;
  document.querySelector('.skip').textContent = t(lang).skip;
  if (headerLang !== lang) renderHeader(lang, v);
  if (v === 'role' || (v === 'explore' && s.get('id'))) lastRole = s.get('id');
  // The tabs keep the role at hand: Role and Explore open the last one.
  header.querySelectorAll('nav a[data-v]').forEach((a) => {
    const tab = a.dataset.v;
    a.href = href({ v: tab, id: tab === 'routes' ? null : lastRole });
    if (tab === v) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  const mine = ++seq;
  main.setAttribute('aria-busy', 'true');
  const ctx = { lang, words: t(lang), state: s, go, link, href, failure, current: () => mine === seq };
  try {
    await views[v].render(main, ctx);
  } finally {
    if (mine === seq) main.setAttribute('aria-busy', 'false');
  }
}

window.addEventListener('popstate', render);
render();
