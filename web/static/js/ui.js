// Small DOM helpers and the autocomplete combobox every picker shares.
import { gql } from './api.js';
import { langVars, t } from './i18n.js';

// h builds an element: h('a', {href: '#', class: 'x'}, 'text', child…).
// Text is always set as text, never parsed as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

let uid = 0;

const searchQuery = `query Autocomplete($q: String!, $types: [SearchKind!], $names: Language) {
  search(query: $q, types: $types, first: 8) {
    kind matched
    node {
      __typename
      ... on Role { id name(lang: $names) }
      ... on Skill { id name }
      ... on Training { id name }
      ... on Group { id name kind }
    }
  }
}`;

// combobox is a search box with a list of suggestions (WAI-ARIA combobox
// pattern): arrows move, Enter picks, Escape closes. onPick gets the hit.
// onSubmit, when given, gets the typed text on Enter with no suggestion
// chosen (a results page).
export function combobox({ lang, label, placeholder, types, onPick, onSubmit, id }) {
  const words = t(lang);
  const listId = `cb-list-${++uid}`;
  const input = h('input', {
    id: id || `cb-${uid}`, type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, placeholder,
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'cb-list', hidden: true });
  const box = h('div', { class: 'cb' }, h('label', { class: 'sr-only', for: input.id }, label), input, list);
  let hits = [];
  let active = -1;
  let timer;
  let ctrl;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${i}`);
      list.children[i].scrollIntoView({ block: 'nearest' });
    }
  };
  const pick = (i) => {
    const hit = hits[i];
    if (!hit) return;
    close();
    input.value = '';
    onPick(hit);
  };
  const render = () => {
    list.replaceChildren(
      ...(hits.length
        ? hits.map((hit, i) =>
            h('li', { id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', onmousedown: (e) => { e.preventDefault(); pick(i); } },
              h('span', { class: `kind kind-${hit.kind}` }, words.kinds[hit.kind]),
              h('span', { class: 'hit' }, hit.matched),
              // A job title, or a skill's alternative label ("Git"), names what it leads to.
              hit.kind === 'JOB_TITLE' || (hit.kind === 'SKILL' && hit.matched !== hit.node.name)
                ? h('span', { class: 'muted' }, ` → ${hit.node.name}`) : null))
        : [h('li', { class: 'muted', role: 'presentation' }, words.noHits)]),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    // No option is chosen until the arrows choose one: Enter on what was
    // typed asks for the results page (where there is one), not the first guess.
    mark(onSubmit ? -1 : hits.length ? 0 : -1);
  };
  const run = async () => {
    const q = input.value.trim();
    ctrl?.abort();
    if (!q) return close();
    ctrl = new AbortController();
    try {
      const data = await gql(searchQuery, { q, types, ...langVars(lang) }, { signal: ctrl.signal });
      if (input.value.trim() !== q) return;
      hits = data.search;
      render();
    } catch (e) {
      if (e.name !== 'AbortError') close();
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && hits.length) { e.preventDefault(); if (list.hidden) render(); else mark((active + 1) % hits.length); }
    else if (e.key === 'ArrowUp' && hits.length) { e.preventDefault(); mark((active - 1 + hits.length) % hits.length); }
    else if (e.key === 'Enter' && !list.hidden && active >= 0) { e.preventDefault(); pick(active); }
    else if (e.key === 'Enter' && onSubmit && input.value.trim()) { e.preventDefault(); const q = input.value.trim(); close(); onSubmit(q); }
    else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  return { el: box, input };
}

// chips shows picked items with a remove button each.
export function chips(items, onRemove, lang) {
  return h('ul', { class: 'chips' },
    items.map((it) => h('li', { class: 'chip' }, it.name,
      h('button', { type: 'button', class: 'chip-x', 'aria-label': t(lang).remove(it.name), onclick: () => onRemove(it) }, '×'))));
}

// csvLink offers rows (the first one the header) as a CSV file, built in
// the page from what it shows: no request, the same numbers.
export function csvLink(label, filename, rows) {
  const cell = (v) => (/[",\n;]/.test(String(v ?? '')) ? `"${String(v).replaceAll('"', '""')}"` : String(v ?? ''));
  const text = rows.map((r) => r.map(cell).join(',')).join('\r\n');
  return h('a', { class: 'csv', href: `data:text/csv;charset=utf-8,${encodeURIComponent(`\ufeff${text}\r\n`)}`, download: filename }, label);
}

// section is a card with its heading; title may be text or nodes.
export function section(title, ...body) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...body);
}

export function fmt(lang, n, digits = 1) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n);
}
