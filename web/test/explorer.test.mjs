// The explorer in a real browser: Debian's chromium, driven headless by
// playwright-core, against the real binary on loopback with the shipped
// open data. Every step writes a screenshot to web/test/screenshots/.
//
//   npm ci --prefix web/test && node --test web/test/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const root = new URL('../..', import.meta.url).pathname;
const shots = join(root, 'web/test/screenshots');
const guidePage = join(root, 'seed/curated/developpeur-back-end.page.txt');
const desktop = { width: 1400, height: 900 };
const phoneSize = { width: 390, height: 844 };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server, base, browser, dir;
const problems = []; // console errors, page errors, requests that left the server

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

async function ready(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok && (await res.json()).status === 'ready') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${ms} ms`);
}

// api asks the server directly, to compare what the page shows with it.
async function api(query, variables) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const json = await res.json();
  assert.equal(json.errors, undefined, JSON.stringify(json.errors));
  return json.data;
}

async function newPage(viewport = desktop) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR' });
  // Only the server may be asked for anything.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === base || url.protocol === 'data:') return route.continue();
    problems.push(`request left the server: ${url}`);
    return route.abort();
  });
  await context.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

// accessible runs axe-core (WCAG 2 A/AA rules) on the page as it is and
// fails on any violation, naming the rule and the first elements.
async function accessible(page, view) {
  await page.evaluate(axeSource); // evaluated, not injected: the page's CSP forbids inline scripts, rightly
  const found = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }))
    .violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(found, [], `axe violations on ${view}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

// drawn counts the painted pixels of the graph's canvases: Cytoscape drew
// something when it is not zero.
function drawn(page) {
  return page.$$eval('.graph canvas', (cs) => cs.reduce((n, c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
    return n;
  }, 0));
}

async function pick(page, selector, text, option) {
  await page.click(selector);
  await page.keyboard.type(text);
  await page.locator(`[role=option]`, { hasText: option }).first().waitFor();
  // keyboard only: move to the option, then Enter (the site's search box
  // chooses none until an arrow does; the form's pickers start on the first)
  const options = await page.locator('[role=option]').allInnerTexts();
  const at = options.findIndex((o) => o.includes(option));
  const chosen = await page.locator('[role=option][aria-selected=true]').count();
  for (let i = chosen ? 0 : -1; i < at; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'explorer-'));
  execFileSync('go', ['build', '-o', join(dir, 'careergraph'), '.'], { cwd: root, stdio: 'inherit' });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(join(dir, 'careergraph'), ['-port', String(port), '-data-dir', join(dir, 'data')], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, METRICS_ADDR: '', LOG_LEVEL: 'warn' },
  });
  await ready(base, 120_000);
  const executablePath = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  browser = await chromium.launch({
    executablePath, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the page loads fast on a cold cache, from the server alone', async () => {
  const page = await newPage();
  await page.goto(`${base}/`, { waitUntil: 'networkidle' });
  await page.locator('.size dl').waitFor();
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    return {
      load: Math.round(nav.loadEventEnd), bytes: nav.transferSize + res.reduce((n, r) => n + r.transferSize, 0), requests: res.length + 1,
    };
  });
  console.log(`cold load of /: load event at ${t.load} ms, ${t.requests} requests, ${t.bytes} bytes transferred`);
  assert.ok(t.bytes < 150_000, `the first page should not need the graph library: ${t.bytes} bytes`);
  assert.equal(await page.title(), 'Explorateur des métiers · careergraph');
  const favicon = await page.request.get(`${base}/favicon.ico`);
  assert.equal(favicon.status(), 200);
  for (const dirPath of ['/assets/', '/assets/js/', '/assets/vendor/', '/graphiql/assets/']) {
    assert.equal((await page.request.get(base + dirPath)).status(), 404, `${dirPath} must not list its files`);
  }
  await shot(page, '01-home');
  await page.context().close();
});

test('search "dev back", open Développeur Back-End: every fact of the guide page is on screen', async () => {
  const page = await newPage();
  await page.goto(`${base}/`);
  await pick(page, '#site-search', 'dev back', 'Développeur Back-End');
  await page.waitForURL(/v=role&id=role%3Adeveloppeur-back-end/);
  await page.locator('h1', { hasText: 'Développeur Back-End' }).waitFor();
  await page.locator('footer.sources').waitFor();
  await shot(page, '02-role-fr');
  await accessible(page, 'the guide role page');

  // Enter on what was typed opens the results page, whatever is suggested.
  await page.click('#site-search');
  await page.keyboard.type('comptable');
  await page.locator('[role=option]').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: 'Résultats pour « comptable »' }).waitFor();
  await page.locator('h2', { hasText: 'Lu comme un intitulé de poste' }).waitFor();
  const { search } = await api(`{ search(query: "comptable", first: 50) { node { ... on Role { id } } } }`);
  const roles = search.filter((x) => x.node.id?.startsWith('role:')).length;
  assert.ok(roles > 0);
  assert.ok((await page.locator('main').innerText()).includes(`Métier (${roles})`), 'every role found is listed');
  await accessible(page, 'the results page');

  // A pasted CV is read as a text: the skills it mentions with their
  // evidence, as readText gives them, then routes from them in one click.
  const cv = 'Comptable depuis 8 ans en cabinet. Tenue de la comptabilité générale, établissement des bilans et déclarations fiscales. Je veux évoluer vers l’analyse de données : élaborer des tableaux de bord, programmation en Python, bases de données SQL.';
  await page.fill('#site-search', cv);
  await page.keyboard.press('Enter');
  await page.locator('h2', { hasText: 'Les compétences que nous y lisons' }).waitFor();
  const { readText } = await api(`query($t: String!) { readText(text: $t, skills: 20, roles: 10) { skills { skill { name } evidence } roles { role { id } } } }`, { t: cv });
  assert.ok(readText.skills.length >= 3, `read ${readText.skills.length} skills in the CV`);
  const read = await page.locator('ul.evidence li').allInnerTexts();
  assert.deepEqual(read, readText.skills.map((m) => `${m.skill.name} ← ${m.evidence}`), 'the skills and evidence readText gives');
  await shot(page, '02b-cv-read');
  await accessible(page, 'a CV read');
  await page.getByRole('link', { name: 'Trouver un parcours depuis ces compétences' }).click();
  await page.waitForURL(/v=routes/);
  assert.equal(new URL(page.url()).searchParams.get('skills').split(',').length, readText.skills.length);
  for (let i = 0; i < 3; i++) await page.goBack(); // routes, the CV, the results: back to the role
  await page.locator('h1', { hasText: 'Développeur Back-End' }).waitFor();
  const fr = await page.locator('main').innerText();
  assert.ok(fr.includes('16 avril 2026'), 'the date the guide prints');
  assert.ok(await page.evaluate(() => window.__cls) < 0.1, 'layout shifted while the role page loaded');

  // English, as the guide page is written.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.waitForURL(/lang=en/);
  await page.locator('text=Trending up').waitFor();
  await shot(page, '03-role-en');
  const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');

  // The guide page, line by line: what is a fact must be on screen. Page
  // furniture (calls to action, step headings, links to other pages) is not.
  const furniture = [/^Skip to main content$/, /^2026 career guide$/, /^How to become/, /^The concrete path/, /^Step \d/, /^Here are the training/,
    /^A degree opens the door/, /^The employers hiring the most/, /^A Développeur Back-End career isn't/, /^Switching careers/,
    /^The profiles who transition/, /^Applying for/, /^CandidIA optimizes/, /^Start for free/, /^←/, /^Detailed salary/, /^Resume example/,
    /^Structure \+ ATS/, /^Other similar paths/, /^Starting salary$/, /^Typical training$/, /^Remote work$/, /^Market$/,
    /^Technical$|^Tools$|^Soft skills$/, /^The path, step by step$/];
  const facts = [];
  for (let line of readFileSync(guidePage, 'utf8').split('\n')) {
    line = line.trim();
    if (!line || furniture.some((re) => re.test(line))) continue;
    let m;
    if ((m = line.match(/^The job titles to search for \(.*?\): (.*)\.$/))) facts.push(...m[1].split(' · '));
    else if ((m = line.match(/^After a few years as a .*?, the most common next steps are: (.*)\.$/))) facts.push(...m[1].split(', '));
    else if ((m = line.match(/^What you really need to understand: (.*)$/))) facts.push('What you really need to understand', m[1]);
    else if ((m = line.match(/^Guide written by the (.*?)\. Market data from (.*?)\. Last updated: (.*)\.$/))) facts.push(m[1], m[2]);
    else if ((m = line.match(/^Career change into this job is common\. (.*)$/))) facts.push('Career change into this job is common.');
    else facts.push(line.replace(/^• /, ''));
  }
  assert.ok(facts.length > 50, `read ${facts.length} facts off the guide page`);
  // "Node.js / Python / Go" is one line of alternatives on the page and
  // three optional skills in the graph (seed/curated notes): each must show.
  const shown = (f) => text.includes(f) || (f.includes(' / ') && f.split(' / ').every((p) => text.includes(p)));
  const missing = facts.map((f) => f.replace(/\s+/g, ' ')).filter((f) => !shown(f));
  assert.deepEqual(missing, [], 'facts of the guide page not on screen');
  // The salary chart draws one bar per level.
  assert.equal(await page.locator('.salary-chart .bar').count(), 4);
  await page.context().close();
});

const routeQuery = `query($from: ID!, $to: ID!) { careerPaths(from: { roleId: $from }, to: $to) { steps { to { name(lang: FR) } } } }`;

test('route from Data engineer to Staff Engineer, drawn with its steps; English; a shared URL reopens it', async () => {
  const page = await newPage();
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Parcours', exact: true }).click();
  await pick(page, '#pick-from', 'Data engineer', 'Data engineer');
  await pick(page, '#pick-to', 'Staff Engineer', 'Staff Engineer');
  await page.waitForURL(/from=role%3Adata-engineer.*to=role%3Astaff-engineer/);
  await page.locator('section.route').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.graph canvas').length > 0);
  await page.waitForTimeout(300); // let Cytoscape paint
  assert.ok(await drawn(page) > 500, 'the routes are drawn');

  // What the page lists is what the API answers.
  const { careerPaths } = await api(routeQuery, { from: 'role:data-engineer', to: 'role:staff-engineer' });
  assert.ok(careerPaths.length > 0);
  const cards = page.locator('section.route');
  assert.equal(await cards.count(), careerPaths.length);
  for (let i = 0; i < careerPaths.length; i++) {
    const heads = await cards.nth(i).locator('.step-head').allInnerTexts();
    assert.deepEqual(heads.map((s) => s.split(' → ').pop().trim()), careerPaths[i].steps.map((s) => s.to.name), `route ${i + 1}`);
  }
  assert.ok((await page.locator('main').innerText()).includes('Ce qui vous manque pour Staff Engineer'));
  await page.locator('.graph-box').evaluate((e) => e.scrollIntoView());
  await shot(page, '04-route-fr');
  await accessible(page, 'routes');

  // An edit is a history entry: Back undoes it and stays on the page.
  const before = page.url();
  await page.fill('#steps', '3');
  await page.locator('#steps').dispatchEvent('change');
  await page.waitForURL(/steps=3/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'steps', 'focus stays on the field edited');
  await page.goBack();
  await page.waitForURL(before);
  await page.waitForFunction(() => document.getElementById('steps')?.value === '6');
  await page.locator('section.route').first().waitFor();

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.locator('h2', { hasText: 'Route 1' }).waitFor();
  await page.waitForTimeout(300);
  await shot(page, '05-route-en');
  const shared = page.url();
  const seen = await page.locator('.results section').allInnerTexts();

  const other = await newPage();
  await other.goto(shared);
  await other.locator('h2', { hasText: 'Route 1' }).waitFor();
  await other.waitForTimeout(300);
  assert.deepEqual(await other.locator('.results section').allInnerTexts(), seen, 'the shared URL shows the same routes');
  assert.ok(await drawn(other) > 500);
  await shot(other, '06-route-shared');
  await other.context().close();
  await page.context().close();
});

test('a route note the importers wrote in English is marked lang="en" on the French page, and axe passes', async () => {
  const { role } = await api(`{ role(id: "role:developpeur-back-end") { transitionsOut(kinds: [EQUIVALENT]) { to { id } note noteLang } } }`);
  const tr = role.transitionsOut.find((t) => t.noteLang === 'en');
  assert.ok(tr, `no English note among ${JSON.stringify(role.transitionsOut)}`);
  const page = await newPage();
  await page.goto(`${base}/?v=routes&from=role%3Adeveloppeur-back-end&to=${encodeURIComponent(tr.to.id)}`);
  await page.locator('section.route').first().waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const marked = page.locator('section.route .note > span[lang=en]', { hasText: tr.note.slice(0, 40) });
  await marked.first().waitFor();
  assert.match(await marked.first().locator('xpath=..').innerText(), /en anglais/, 'a visible marker says the note is in English');
  // Every note shown in English is marked; none in French is.
  for (const n of await page.locator('section.route .note').all()) {
    const text = await n.innerText();
    if (/^(Same job|ESCO–ROME mapping)/.test(text)) assert.equal(await n.locator('span[lang=en]').count(), 1, text);
  }
  await shot(page, '07c-routes-english-note');
  await accessible(page, 'routes with an English note');
  await page.context().close();
});

test('a route from skills picked with autocomplete, with the skill gap; a training from search', async () => {
  const page = await newPage();
  await page.goto(`${base}/?v=routes`);
  await page.getByLabel('Depuis mes compétences').check();
  await pick(page, '#pick-skills', 'postgres', 'PostgreSQL');
  await page.locator('.chip', { hasText: 'PostgreSQL' }).waitFor();
  await pick(page, '#pick-skills', 'docker', 'Docker');
  await page.locator('.chip', { hasText: 'Docker' }).waitFor();
  await pick(page, '#pick-to', 'dev back', 'Développeur Back-End');
  await page.locator('section.route').first().waitFor();
  const url = new URL(page.url());
  const skills = url.searchParams.get('skills').split(',');
  assert.equal(skills.length, 2, 'both picked skills are in the URL');
  const { careerPaths } = await api(`query($s: [ID!]!) { careerPaths(from: { skillIds: $s }, to: "role:developpeur-back-end") { steps { to { name(lang: FR) } } } }`, { s: skills });
  const heads = await page.locator('section.route').first().locator('.step-head').allInnerTexts();
  assert.match(heads[0], /^Premier poste, depuis vos compétences → /);
  assert.deepEqual(heads.map((s) => s.split(' → ').pop().trim()), careerPaths[0].steps.map((s) => s.to.name));
  const { skillGap } = await api(`query($s: [ID!]!) { skillGap(have: $s, target: "role:developpeur-back-end") { coverage } }`, { s: skills });
  const text = await page.locator('main').innerText();
  // The back-end role lists skills, so the API gives a coverage to show.
  assert.notEqual(skillGap.coverage, null);
  assert.ok(text.includes(`Vous couvrez ${Math.round(skillGap.coverage * 100)} %`), 'the coverage the API gives');
  assert.ok(text.includes('Ce qui vous manque pour Développeur Back-End'));
  await shot(page, '06a-route-from-skills');

  // Removing a chip leaves focus in its picker, not on the page.
  await page.getByRole('button', { name: /^Retirer Docker/ }).click();
  await page.waitForURL((u) => !u.searchParams.get('skills').includes(','));
  await page.locator('.chip', { hasText: 'Docker' }).waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pick-skills');
  // A count out of range is shown as what is asked of the API, not the default.
  await page.goto(`${base}/?v=routes&from=role%3Adata-engineer&to=role%3Astaff-engineer&k=0`);
  await page.locator('section.route').first().waitFor();
  assert.equal(await page.inputValue('#k'), '1');
  assert.equal(await page.locator('section.route').count(), 1);

  // A training found by search opens with the roles it leads to.
  await page.goto(`${base}/`);
  await pick(page, '#site-search', 'bootcamp', 'Bootcamp orienté back-end');
  await page.locator('h2', { hasText: 'Bootcamp orienté back-end' }).waitFor();
  assert.ok((await page.locator('main').innerText()).includes('Développeur Back-End — Crédible avec un projet déployé qui tient la charge'));

  // "git" is a skill's alternative label: the first suggestion is that
  // label, and it names the skill it picks (the API's first hit).
  const { search: git } = await api(`{ search(query: "git", types: [SKILL], first: 1) { matched node { ... on Skill { name } } } }`);
  assert.equal(git[0].matched.toLowerCase(), 'git');
  assert.notEqual(git[0].node.name.toLowerCase(), 'git');
  await page.goto(`${base}/?v=routes`);
  await page.getByLabel('Depuis mes compétences').check();
  await page.click('#pick-skills');
  await page.keyboard.type('git');
  const gitList = await page.getAttribute('#pick-skills', 'aria-controls');
  await page.locator(`#${gitList} [role=option]`, { hasText: 'Git' }).first().waitFor();
  assert.equal((await page.locator(`#${gitList} [role=option]`).first().innerText()).replace(/\s+/g, ' ').trim(),
    `COMPÉTENCE ${git[0].matched} → ${git[0].node.name}`); // the kind is set in capitals (CSS)
  // The results page says which other name found it.
  await page.goto(`${base}/?v=search&q=git`);
  const gitHit = page.locator('.results-list li', { hasText: git[0].node.name }).first();
  await gitHit.waitFor();
  assert.ok((await gitHit.innerText()).includes(`par son autre nom « ${git[0].matched} »`), await gitHit.innerText());
  await page.context().close();
});

test('explore a neighbourhood, expand a tree; readable at phone width', async () => {
  const page = await newPage();
  await page.goto(`${base}/?v=explore&id=role%3Adeveloppeur-back-end`);
  await page.locator('h3', { hasText: 'Métiers proches' }).waitFor();
  await page.waitForTimeout(300);
  assert.ok(await drawn(page) > 500, 'the neighbourhood is drawn');
  const reach = await api(`{ reachableRoles(from: "role:developpeur-back-end", maxSteps: 2) { role { id } } }`);
  assert.ok((await page.locator('main').innerText()).includes(`${reach.reachableRoles.length} métiers atteignables`));
  await page.locator('summary', { hasText: 'M Support à l' }).click();
  await page.locator('summary', { hasText: 'M18 ' }).waitFor();
  await shot(page, '07-explore');
  const hubs = await page.locator('section', { hasText: 'Métiers carrefours' }).innerText();
  assert.match(hubs, /\d passerelles entrantes/, 'hub figures say what they count');
  assert.match(await page.locator('.graph-box figcaption').innerText(), /métier proche par les compétences \(pointillés\)/, 'the graph has a legend');
  // Keyboard: focus the graph, the arrows name the roles one by one, Enter expands one.
  await page.locator('.graph').focus();
  const said = () => page.locator('.graph-box [aria-live]').innerText();
  await page.keyboard.press('ArrowRight');
  const first = await said();
  const [, total] = first.match(/\(1\/(\d+)\)$/);
  await page.keyboard.press('ArrowRight');
  assert.match(await said(), new RegExp(`\\(2/${total}\\)$`));
  assert.notEqual(await said(), first);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => {
    const m = document.querySelector('.graph-box [aria-live]').textContent.match(/\/(\d+)\)$/);
    return m && Number(m[1]) > n;
  }, Number(total), { timeout: 10_000 }).catch(() => {});
  await page.keyboard.press('ArrowRight');
  assert.ok(Number((await said()).match(/\/(\d+)\)$/)[1]) > Number(total), 'Enter expanded the focused role');
  // Sector flows: MCC's matrix as a table, the API's numbers, as CSV too.
  const { sectorMatrix: mx } = await api(`{ sectorMatrix { sectors shares } }`);
  const flows = page.locator('table.flows');
  assert.equal(await flows.locator('tbody tr').count(), mx.sectors.length);
  const i = mx.shares.findIndex((r) => r.some((v) => v >= 0.01));
  const j = mx.shares[i].findIndex((v) => v >= 0.01);
  assert.equal(await flows.locator('tbody tr').nth(i).locator('td').nth(j).innerText(), `${Math.round(mx.shares[i][j] * 100)} %`);
  const csv = decodeURIComponent((await page.locator('a.csv[download="mcc-sector-flows.csv"]').getAttribute('href')).split(',').slice(1).join(','));
  const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(lines.length, mx.sectors.length + 1);
  assert.ok(lines[i + 1].includes(String(mx.shares[i][j])), 'the CSV has the API\'s figures');
  await flows.scrollIntoViewIfNeeded();
  await shot(page, '07b-sector-flows');
  await accessible(page, 'explore');
  await page.context().close();

  // Any role has its page: a ROME fiche with its work contexts, an ESCO
  // occupation with its MCC card; what a role lacks is left out.
  const rome = await newPage();
  await rome.goto(`${base}/?v=role&id=role%3Arome-m1855`);
  await rome.locator('h1', { hasText: 'Développeur / Développeuse web' }).waitFor();
  const romeText = await rome.locator('main').innerText();
  assert.match(romeText, /Contextes de travail[\s\S]*Travail en journée/);
  assert.match(romeText, /Secteurs d’activité \(ROME\)[\s\S]*Informatique et télécommunication \(principal\)[\s\S]*62 Programmation, conseil/);
  assert.ok(!romeText.includes('Salaire de départ'), 'no market card where ROME gives none');
  assert.equal(await rome.locator('p.text').first().getAttribute('lang'), null, 'a French fiche on the French page needs no mark');
  // ROME writes one duty per line; the page keeps the lines apart.
  const duties = await rome.locator('p.text').first().innerText();
  assert.match(duties, /de demain\.\nConçoit et développe/, 'the description keeps its line breaks');
  await shot(rome, '08a-role-rome');
  // The fiche's ROME profile: flags and RIASEC, as the API gives them.
  const { role: rp } = await api(`{ role(id: "role:rome-m1855") { rome { digital riasecMajor } } }`);
  const riasec = { R: 'Réaliste', I: 'Investigateur', A: 'Artistique', S: 'Social', E: 'Entreprenant', C: 'Conventionnel' };
  const profile = await rome.locator('section', { hasText: 'Profil du métier (ROME)' }).innerText();
  assert.ok(profile.includes(`${riasec[rp.rome.riasecMajor]} (dominant)`), profile);
  assert.equal(profile.includes('Métier de la transition numérique'), rp.rome.digital === true);
  // Its labour market, worded as the job families' figures, with the API's
  // numbers; the trainings say how many more the register holds.
  const { role: lm } = await api(`{ role(id: "role:rome-m1855") { labour { salaryBand { minNetMonthly } hiring { projects } } certifications(first: 0) { totalCount } } }`);
  const n0 = (x) => new Intl.NumberFormat('fr', { maximumFractionDigits: 0 }).format(x);
  const market = await rome.locator('section', { hasText: 'Le marché du travail' }).innerText();
  assert.ok(market.includes('pas ceux de ce seul métier'), market);
  assert.ok(market.includes(`${n0(lm.labour.salaryBand.minNetMonthly)} €`), market);
  assert.ok(market.includes(`${n0(lm.labour.hiring[0].projects)} projets`), market);
  const certs = await rome.locator('section', { hasText: 'Les formations' }).innerText();
  assert.ok(certs.includes(`des ${lm.certifications.totalCount} certifications en cours`), certs);
  // A child fiche: its certifications and figures are its historical
  // code's, shared with its siblings, and the page says so in words.
  assert.match(certs, /code ROME historique M1805, commun à \d+ fiches, pas à ce seul métier/, certs);
  assert.match(market, /Tendance : aucune des sources livrées/, market);
  assert.match(market, /Qui recrute : aucune source livrée ne donne la part/, market);
  await shot(rome, '08c-role-rome-labour');
  await accessible(rome, 'a ROME role page');
  await rome.goto(`${base}/?v=role&id=role%3Aesco-f2b15a0e-e65a-438a-affb-29b9d50b77d1`);
  await rome.locator('h2', { hasText: 'Mapping Career Causeways' }).waitFor();
  // One language per page: ESCO's English texts on the French page are
  // marked as English, for screen readers and, visibly, for readers.
  assert.equal(await rome.locator('p.text').first().getAttribute('lang'), 'en');
  assert.ok(await rome.locator('section', { hasText: 'Que fait exactement' }).locator('.other-lang', { hasText: 'en anglais' }).count() === 1);
  assert.equal(await rome.locator('.skill-group li[lang="en"]').count(), await rome.locator('.skill-group li').count(), 'ESCO skill names marked English');
  assert.ok((await rome.locator('main').innerText()).includes('GBP (Royaume-Uni'), 'the currency says where its figures come from');
  await accessible(rome, 'an ESCO role page');
  await rome.context().close();

  const phone = await newPage(phoneSize);
  await phone.goto(`${base}/?v=role&id=role%3Adeveloppeur-back-end`);
  await phone.locator('footer.sources').waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  // A compact header that stays on screen, and a salary chart one can read.
  const header = await phone.evaluate(() => ({ height: document.getElementById('top').offsetHeight, position: getComputedStyle(document.getElementById('top')).position }));
  assert.ok(header.height <= 100, `the header takes ${header.height}px of a phone`);
  assert.equal(header.position, 'sticky');
  const chartText = await phone.$$eval('.salary-chart text', (ts) => ts.map((t) => ({ size: t.getBoundingClientRect().height, right: t.getBoundingClientRect().right, box: t.ownerSVGElement.getBoundingClientRect().right })));
  assert.ok(chartText.every((t) => t.size >= 10), `chart text ${Math.min(...chartText.map((t) => t.size)).toFixed(1)}px high on a phone`);
  assert.ok(chartText.every((t) => t.right <= t.box + 0.5), 'a chart label is cut at the right');
  await accessible(phone, 'the role page on a phone');
  await phone.context().close();

  // Routes on a phone: the first route is on the first screen.
  const routesPhone = await newPage(phoneSize);
  await routesPhone.goto(`${base}/?v=routes&from=role%3Adata-engineer&to=role%3Astaff-engineer`);
  await routesPhone.locator('section.route').first().waitFor();
  const firstRoute = await routesPhone.locator('section.route').first().boundingBox();
  assert.ok(firstRoute.y < phoneSize.height - 100, `the first route starts at ${Math.round(firstRoute.y)}px on a phone`);
  await routesPhone.locator('details.route-edit summary').click();
  await routesPhone.locator('#pick-to').waitFor();
  await shot(routesPhone, '08b-routes-phone');
  await accessible(routesPhone, 'routes on a phone');
  await routesPhone.context().close();

  // On a touch screen a swipe over the graph scrolls the page; a tap engages it.
  const touch = await browser.newContext({ viewport: phoneSize, locale: 'fr-FR', hasTouch: true, isMobile: true });
  const tp = await touch.newPage();
  await tp.goto(`${base}/?v=explore&id=role%3Adeveloppeur-back-end`);
  const shield = tp.locator('.graph-shield');
  await shield.waitFor();
  await shield.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const y0 = await tp.evaluate(() => window.scrollY);
  const box = await shield.boundingBox();
  const cdp = await touch.newCDPSession(tp);
  const x = Math.round(box.x + box.width / 2);
  const y = Math.round(box.y + box.height / 2);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - i * 20 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await tp.waitForFunction((before) => window.scrollY > before + 100, y0, { timeout: 5_000 }).catch(() => {});
  assert.ok(await tp.evaluate(() => window.scrollY) > y0 + 100, 'a swipe over the graph scrolled the page');
  // The tap after a swipe: wait for the fling to end (a touch during a
  // fling stops it and is no tap), and for the click the tap turns into,
  // which the browser dispatches after tap() returns (CI once asserted
  // before it came). The fling has ended when scrollY is the same two
  // polls 200 ms apart. (A predicate that returns a promise is not
  // polled: Playwright takes the promise as a truthy answer and returns
  // its value, true or false, after one sample.)
  await tp.waitForFunction(() => {
    const y = window.scrollY, last = window.__swipeTestScrollY;
    window.__swipeTestScrollY = y;
    return last === y;
  }, null, { polling: 200, timeout: 5_000 }).catch(() => {});
  await shield.tap();
  await tp.locator('.graph-shield').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
  assert.equal(await tp.locator('.graph-shield').count(), 0, 'a tap engages the graph');
  await touch.close();
  const phoneAgain = await newPage(phoneSize);
  await phoneAgain.goto(`${base}/?v=role&id=role%3Adeveloppeur-back-end`);
  await phoneAgain.locator('footer.sources').waitFor();
  await shot(phoneAgain, '08-role-phone');
  await phoneAgain.context().close();
});

// Issue 24: the guide page of a ROME fiche, read as a person would: the
// usual entry level ROME's access text names, each certification's fit
// against it, the salary band, hiring outlook and tension with their
// caveats, and, where the register links no certification, a sentence
// saying so rather than a gap.
test('Comptable and Développeur web: level fit, trainings, salary, hiring and their caveats in words', async () => {
  const page = await newPage();
  const q = `query($id: ID!) { role(id: $id) { name romeParent accessLevels { min max wording(lang: FR) }
    trainings { rank training { name level } } certifications(first: 0) { totalCount }
    labour { salaryBand { minNetMonthly maxNetMonthly caveat(lang: FR) } hiring { projects } tension { categoryLabel(lang: FR) } } } }`;
  const n0 = (x) => new Intl.NumberFormat('fr', { maximumFractionDigits: 0 }).format(x);
  // French typography puts a no-break space before « : » and in numbers.
  const read = async (loc) => (await loc.innerText()).replace(/[\u00a0\u202f]/g, ' ');
  const sp = (x) => x.replace(/[\u00a0\u202f]/g, ' ');
  for (const [id, name, shotName] of [['role:rome-m1203', 'Comptable', '10a-comptable'], ['role:rome-m1855', 'Développeur / Développeuse web', '10b-developpeur-web']]) {
    const { role } = await api(q, { id });
    await page.goto(`${base}/?v=role&id=${encodeURIComponent(id)}`);
    await page.locator('h1', { hasText: name }).waitFor();
    // (ROME's access text may name « les formations » too: the section by its heading.)
    const certs = page.locator('section', { has: page.locator('h2', { hasText: 'Les formations, par' }) });
    const text = await read(certs);
    // The level fit: ROME's levels in the guides' words, and where each
    // certification stands, as the API's levels place it.
    assert.ok(role.accessLevels, `${id} names levels`);
    assert.ok(text.includes(`Niveau d’accès habituel : ${role.accessLevels.wording}`), text);
    assert.ok(text.includes('« Accès au métier »'), text);
    const items = await certs.locator('ol.trainings > li').all();
    assert.equal(items.length, role.trainings.length);
    for (const [i, tp] of role.trainings.entries()) {
      const l = tp.training.level;
      const want = !l ? 'niveau non publié' : l < role.accessLevels.min ? 'en dessous du niveau habituel'
        : l > role.accessLevels.max ? 'au-dessus du niveau habituel' : 'au niveau habituel';
      assert.equal(await items[i].locator('.badge.fit').innerText(), want, `${id} #${i + 1} ${tp.training.name}`);
    }
    assert.ok(text.includes(`code ROME historique ${role.romeParent}`), text);
    assert.ok(text.includes('« En cours » : il ne leur connaît ni certification qui les remplace ni fin d’enregistrement'), text);
    // The labour market: the API's figures, and what they are not.
    const market = await read(page.locator('section', { hasText: 'Le marché du travail' }));
    const b = role.labour.salaryBand;
    assert.ok(market.includes(sp(`${n0(b.minNetMonthly)} €`)) && market.includes(sp(b.caveat)), market);
    assert.ok(market.includes(sp(`${n0(role.labour.hiring[0].projects)} projets`)), market);
    assert.ok(market.includes(sp(role.labour.tension[0].categoryLabel)), market);
    assert.ok(market.includes('pas ceux de ce seul métier') && market.includes('c’est un minimum'), market);
    assert.match(market, /Tendance : aucune des sources livrées ne dit si les emplois de ces familles augmentent ou diminuent/);
    await certs.scrollIntoViewIfNeeded();
    await shot(page, shotName);
    await accessible(page, `${name}'s page`);
  }
  // Comptable: ROME says Bac+3 to Bac+5, so a licence comes first, at the
  // usual level, and the BTS after it, below it.
  await page.goto(`${base}/?v=role&id=role%3Arome-m1203`);
  await page.locator('h1', { hasText: 'Comptable' }).waitFor();
  const first = page.locator('ol.trainings > li').first();
  assert.match(await first.innerText(), /^licence mention [^\n]*au niveau habituel/);
  assert.ok((await page.locator('ol.trainings > li', { hasText: 'BTS' }).first().innerText()).includes('en dessous du niveau habituel'));
  // A fiche whose historical code the register links to no current,
  // titled certification says so.
  const { role: none } = await api('{ role(id: "role:rome-a1401") { name romeParent certifications(first: 0) { totalCount } } }');
  assert.equal(none.certifications.totalCount, 0);
  await page.goto(`${base}/?v=role&id=role%3Arome-a1401`);
  await page.locator('h1', { hasText: none.name }).waitFor();
  assert.match(await read(page.locator('section', { has: page.locator('h2', { hasText: 'Les formations, par' }) })),
    new RegExp(`Aucune certification en cours et titrée du Répertoire national \\(RNCP\\) n’est liée au code ROME historique ${none.romeParent}`));
  await accessible(page, 'a fiche without certifications');
  await page.context().close();
});

test('errors read as sentences: unknown role, rate limited, server gone', async () => {
  const mark = problems.length;
  const page = await newPage();
  await page.goto(`${base}/?v=role&id=role%3Anobody`);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Ce métier n’existe pas dans le graphe/);
  await page.locator('h1', { hasText: 'Métier introuvable' }).waitFor();
  await accessible(page, 'the error view');

  // A 429 from a proxy in front of us (the server itself limits writes,
  // which this page never makes).
  await page.route('**/graphql', (r) => r.fulfill({ status: 429, headers: { 'Retry-After': '7' }, body: 'slow down' }));
  await page.goto(`${base}/?v=role&id=role%3Adeveloppeur-back-end`);
  assert.match(await page.getByRole('alert').innerText(), /Trop de demandes d’un coup\. Réessayez dans 7 secondes\./);
  await page.unroute('**/graphql');
  await shot(page, '09-error');

  // The server stops for real: the next call cannot reach it.
  server.kill();
  await new Promise((r) => server.once('exit', r));
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await page.getByRole('alert', { hasText: 'Impossible de joindre le serveur' }).waitFor();
  // The browser logs the failed loads it was made to see here.
  const expected = /^console: Failed to load resource: (the server responded with a status of 429|net::ERR_CONNECTION_REFUSED)/;
  problems.splice(mark, Infinity, ...problems.slice(mark).filter((p) => !expected.test(p)));
  await page.context().close();
});

test('no console errors, and no request left the server', () => {
  assert.deepEqual(problems, []);
});
