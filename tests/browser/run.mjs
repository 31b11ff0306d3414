// run.mjs — the web UI in a real browser: Debian's Chromium driven by
// playwright-core, with axe-core checking every page visited against
// WCAG 2.2 AA. Starts `cwyn serve` on a free port with a temporary
// database and a fixed "today" (CWYN_TODAY) so deadlines are known, then
// walks the public checker as people would:
//   1. a parent's late conference complaint, in English (with a date error);
//   2. a mixed complaint (conference + police officer), in Welsh;
//   3. a young person at risk now: emergency contacts at once;
//   4. a keyboard-only journey (Tab, Shift+Tab, Enter and Space only).
// Screenshots go to BUILD/browser-artifacts/.
//
// Exit 0 = passed, 1 = failed, 77 = skipped (meson's code). Missing
// Chromium or node_modules is a skip on a developer machine but a failure
// when CI is set, so CI can never pass by not running these.
//
//   node tests/browser/run.mjs --cwyn BUILD/src/cli/cwyn --build BUILD --source SRC
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { complaintJourneys } from './complaint.mjs';
import { staffJourneys } from './staff.mjs';
import { conferenceJourney } from './conference_e2e.mjs';

const CHROMIUM = process.env.CWYN_CHROMIUM || '/usr/bin/chromium';
const TODAY = '2027-01-13';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const source = path.resolve(arg('--source', '.'));
const build = path.resolve(arg('--build', 'build'));
const cwyn = path.resolve(arg('--cwyn', path.join(build, 'src/cli/cwyn')));
const artifacts = path.join(build, 'browser-artifacts');

function unavailable(why) {
  if (process.env.CI) {
    console.error(`browser tests cannot run: ${why} (CI is set, so this fails)`);
    process.exit(1);
  }
  console.error(`browser tests skipped: ${why}`);
  process.exit(77);
}

if (!existsSync(CHROMIUM)) unavailable(`${CHROMIUM} not found (scripts/deps.sh installs chromium)`);
const require = createRequire(path.join(source, 'package.json'));
let chromium, axeSource;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  unavailable(`node_modules missing (run scripts/build-assets.sh): ${e.message}`);
}
if (!existsSync(path.join(source, 'web/static/cwyn.css')))
  unavailable('web/static/cwyn.css missing (run scripts/build-assets.sh)');

// ---- a tiny test harness --------------------------------------------------
let passed = 0, failed = 0;
const failures = [];
function check(cond, what) {
  if (!cond) throw new Error(what);
}
async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    failures.push(name);
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
  }
}

// ---- the server -------------------------------------------------------------
const work = mkdtempSync(path.join(tmpdir(), 'cwyn-browser-'));
function startServer() {
  return new Promise((resolve, reject) => {
    const srv = spawn(cwyn, ['serve', '--listen', '127.0.0.1:0',
      '--db', `sqlite:${path.join(work, 'cwyn.db')}`, '--first-admin'], {
      env: { ...process.env, CWYN_SOURCE_ROOT: source, CWYN_TODAY: TODAY,
        CWYN_LOCALEDIR: process.env.CWYN_LOCALEDIR || path.join(build, 'po') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '', err = '';
    const timer = setTimeout(() => reject(new Error(`cwyn serve did not start: ${err}`)), 20000);
    srv.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve({ srv, base: m[1].replace(/\/$/, '') }); }
    });
    srv.stderr.on('data', (d) => { err += d; });
    srv.on('exit', (code) => { clearTimeout(timer); reject(new Error(`cwyn serve exited ${code}: ${err}`)); });
  });
}

// ---- page helpers -------------------------------------------------------------
let shot = 0;
const axeChecked = new Set();
async function audit(page, label) {
  // Every page visited: zero WCAG 2.2 AA violations, and a screenshot.
  shot++;
  await page.screenshot({ path: path.join(artifacts, `${String(shot).padStart(2, '0')}-${label}.png`), fullPage: true });
  const result = await page.evaluate(`${axeSource}
    axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } })
      .then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))`);
  axeChecked.add(new URL(page.url()).pathname);
  check(result.length === 0, `axe violations on ${page.url()}: ${JSON.stringify(result, null, 1)}`);
  // The frame every page shares.
  const lang = await page.getAttribute('html', 'lang');
  check(lang === 'en' || lang === 'cy', `html lang is ${lang}`);
  check(await page.locator('a.govuk-skip-link[href="#main-content"]').count() === 1, 'skip link');
  check(await page.locator('a[hreflang]').count() === 1, 'language switch link');
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.govuk-skip-link')).fontFamily);
  check(/arial/i.test(styled), `GOV.UK Frontend styles applied (font ${styled})`);
}
async function choose(page, label) {
  await page.getByLabel(label, { exact: true }).check();
}
async function next(page, label) {
  await Promise.all([page.waitForEvent('load'), page.locator('button.govuk-button').click()]);
  await audit(page, label);
}
async function fillDate(page, name, d, m, y) {
  await page.fill(`#${name}`, d);
  await page.fill(`[name="${name}-month"]`, m);
  await page.fill(`[name="${name}-year"]`, y);
}
async function text(page) {
  return page.locator('main').innerText();
}

// ---- the journeys ---------------------------------------------------------------
async function lateConferenceEnglish(ctx, base) {
  const page = await ctx.newPage();
  await page.goto(`${base}/?lang=en`);
  await audit(page, 'en-home');
  await page.getByRole('link', { name: 'Can this complaint be looked at, and by whom?' }).click();
  await audit(page, 'en-start');
  await page.getByRole('button', { name: 'Start now' }).click();
  await audit(page, 'en-risk');
  // Continue without an answer: the GOV.UK error summary and inline error.
  await next(page, 'en-risk-error');
  check((await page.title()).startsWith('Error:'), 'error title');
  check(/Select yes if a child is at risk of harm right now/.test(await text(page)), 'risk error message');
  await choose(page, 'No');
  await next(page, 'en-who');
  await choose(page, 'A parent of the child');
  await next(page, 'en-child');
  await page.fill('#age', '7');
  await page.locator('#la-2').check();
  await page.locator('#edu').check();
  await next(page, 'en-concern');
  await choose(page, 'The category of harm the conference chose when registering the child');
  await next(page, 'en-dates');
  // 30 February does not exist: refused with the GOV.UK pattern.
  await fillDate(page, 'c1h', '30', '2', '2026');
  await next(page, 'en-dates-error');
  const err = await page.locator('.govuk-error-summary').innerText();
  check(/The date must be a real date/.test(err), `impossible date refused: ${err}`);
  await fillDate(page, 'c1h', '11', '12', '2026');
  await fillDate(page, 'c1m', '18', '12', '2026');
  await next(page, 'en-another');
  await choose(page, 'No');
  await next(page, 'en-court');
  await choose(page, 'No, there are no court proceedings');
  await next(page, 'en-conference');
  await choose(page, 'No, not yet');
  await next(page, 'en-result');
  const t = await text(page);
  check(/Complain to the chair of the child protection conference/.test(t), 'route: conference chair');
  check(/ended on Tuesday 12 January 2027 — 14 working days after the minutes were sent on 18 December 2026/.test(t),
    `late deadline sentence: ${t}`);
  check(/This complaint would be late/.test(t), 'late warning');
  await page.getByText('How we worked this out').first().click();
  const details = await page.locator('details').first().innerText();
  check(/Monday 28 December 2026: Boxing Day/.test(details), `skipped days listed: ${details}`);
  check(/Family Rights Group/.test(t), 'Family Rights Group for a parent');
  await audit(page, 'en-result-details');
  await page.close();
}

async function mixedWelsh(ctx, base) {
  const page = await ctx.newPage();
  await page.goto(`${base}/check?lang=en`);
  await page.getByRole('link', { name: 'Cymraeg' }).click();
  await audit(page, 'cy-start');
  check(await page.getAttribute('html', 'lang') === 'cy', 'html lang="cy"');
  await page.getByRole('button', { name: 'Dechrau nawr' }).click();
  await audit(page, 'cy-risk');
  await choose(page, 'Na');
  await next(page, 'cy-who');
  await choose(page, 'Rhiant y plentyn');
  await next(page, 'cy-child');
  await page.locator('#la-2').check();
  await page.locator('#edu').check();
  await next(page, 'cy-concern-1');
  await choose(page, 'Sut y cafodd y Gynhadledd Amddiffyn Plant ei chynnal');
  await next(page, 'cy-dates-1');
  await fillDate(page, 'c1h', '4', '1', '2027');
  await fillDate(page, 'c1m', '8', '1', '2027');
  await next(page, 'cy-another-1');
  await choose(page, 'Ie');
  await next(page, 'cy-concern-2');
  await choose(page, 'Sut yr ymddygodd gweithiwr');
  await next(page, 'cy-agency');
  await choose(page, 'Yr heddlu');
  await next(page, 'cy-dates-2');
  await fillDate(page, 'c2e', '6', '1', '2027');
  await next(page, 'cy-another-2');
  await choose(page, 'Na');
  await next(page, 'cy-court');
  await choose(page, 'Na, nid oes achos llys');
  await next(page, 'cy-progress');
  await choose(page, 'Nid wyf wedi cwyno wrth y cyngor eto');
  await next(page, 'cy-conference');
  await choose(page, 'Na, ddim eto');
  await next(page, 'cy-result');
  const t = await text(page);
  check(/Pryder 1/.test(t) && /Pryder 2/.test(t), 'two concerns');
  check(/Gadeirydd y Gynhadledd/.test(t), 'conference chair in Welsh');
  check(/heddlu/.test(t), 'police route in Welsh');
  // Inside a sentence: lower-case "dydd" after "erbyn" (components.h).
  check(/erbyn dydd Iau 28 Ionawr 2027/.test(t) && !/erbyn Dydd/.test(t), `Welsh deadline: ${t}`);
  check(/mwy nag un gŵyn/.test(t), 'split explained');
  // The choice is remembered: a new page without ?lang is still Welsh.
  await page.goto(`${base}/`);
  check(await page.getAttribute('html', 'lang') === 'cy', 'language remembered in a cookie');
  await audit(page, 'cy-home');
  await page.close();
}

async function youngPersonAtRisk(ctx, base) {
  const page = await ctx.newPage();
  await page.goto(`${base}/young-people?lang=en`);
  await audit(page, 'yp-start');
  await page.getByRole('button', { name: 'Start now' }).click();
  await audit(page, 'yp-risk');
  check(/Are you or another child in danger right now\?/.test(await text(page)), 'young wording');
  await choose(page, 'Yes');
  await next(page, 'yp-help-now');
  const t = await text(page);
  check(/If you are in danger now, call 999/.test(t), 'emergency message at once');
  check(await page.locator('a[href="tel:999"]').count() >= 1, '999 link from the policy contacts');
  check(/Children's services duty team/.test(t), 'duty team from the policy contacts');
  check(/Children's Commissioner for Wales/.test(t), 'Commissioner for a young person');
  await next(page, 'yp-child');
  check(/How old are you\?/.test(await text(page)), 'young wording for age');
  await page.fill('#age', '15');
  await page.locator('#la').check();
  await page.locator('#edu').check();
  await next(page, 'yp-concern');
  await choose(page, 'There is no proper plan to keep you safe, or people are not sticking to it');
  await next(page, 'yp-agency');
  await choose(page, 'Social services or a social worker');
  await next(page, 'yp-dates');
  await next(page, 'yp-another');
  await choose(page, 'No');
  await next(page, 'yp-court');
  await choose(page, 'No');
  await next(page, 'yp-progress');
  await choose(page, 'I have not complained yet');
  await next(page, 'yp-result');
  const r = await text(page);
  check(/What you can do/.test(r), 'young result heading');
  check(/Important/.test(r) && /call 999/.test(r), 'alert on the result');
  check(/Tell the council's social services you want to complain/.test(r), 'young route words');
  await page.close();
}

async function keyboardOnly(ctx, base) {
  const page = await ctx.newPage();
  await page.goto(`${base}/check?lang=en`);
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return e ? `${e.tagName.toLowerCase()}|${e.getAttribute('name') || ''}|${(e.textContent || e.value || '').trim()}` : '';
  });
  async function tabTo(pred, what, shift = false) {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
      if (pred(await focused())) return;
    }
    throw new Error(`could not reach ${what} with the keyboard`);
  }
  const isButton = (label) => (f) => f.startsWith('button|') && f.endsWith(`|${label}`) ||
                                     f.startsWith('a|') && f.endsWith(`|${label}`);
  const submit = async (label) => {
    await tabTo(isButton('Continue'), 'Continue');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await audit(page, `kb-${label}`);
  };
  // The first Tab reaches the skip link.
  await page.keyboard.press('Tab');
  check((await focused()).includes('Skip to main content'), 'skip link is first');
  await tabTo(isButton('Start now'), 'Start now');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await audit(page, 'kb-risk');
  // Radios: Tab into the group (first radio), Space to choose.
  const firstRadio = (name) => async () => {
    await tabTo((f) => f.startsWith(`input|${name}|`), `radio ${name}`);
    await page.keyboard.press('Space');
  };
  // Another radio of a group: Chrome's Tab stops only on the group's first
  // radio, so (as for any keyboard user) the arrow key moves the choice.
  const nextRadio = (name) => async () => {
    await tabTo((f) => f.startsWith(`input|${name}|`), `radio ${name}`);
    await page.keyboard.press('ArrowDown');
  };
  await firstRadio('risk')();                // Yes: a child at risk
  await submit('help-now');
  check(/call 999/.test(await text(page)), 'emergency contacts shown');
  await submit('who');
  await firstRadio('rel')();                 // a parent
  await submit('child');
  await firstRadio('la')();
  await firstRadio('edu')();
  await submit('concern');
  await firstRadio('c1k')();
  await submit('agency');
  await firstRadio('c1a')();
  await submit('dates');                     // dates left empty
  await submit('another');
  await nextRadio('more')();                 // No
  await submit('court');
  await firstRadio('court')();               // no proceedings
  await submit('progress');
  await firstRadio('cst')();                 // not complained yet
  await submit('result');
  const t = await text(page);
  check(/Where your complaint can go/.test(t), `keyboard journey reached the result: ${t.slice(0, 200)}`);
  check(/Complain to the council's social services/.test(t), 'Stage 1 route');
  await page.close();
}

async function staticFilesAreSafe(base) {
  const css = await fetch(`${base}/static/cwyn.css`);
  check(css.status === 200, 'stylesheet served');
  check(/^text\/css/.test(css.headers.get('content-type')), 'text/css');
  check(/max-age=31536000/.test(css.headers.get('cache-control') || ''), 'long cache');
  for (const bad of ['/static/../package.json', '/static/%2e%2e/package.json',
    '/static/assets/..%2f..%2fpackage.json', '/static/nothing.css', '/static/.hidden']) {
    const r = await fetch(`${base}${bad}`);
    check(r.status === 404 || r.status === 400, `${bad} refused (${r.status})`);
  }
}

// ---- main -----------------------------------------------------------------------
mkdirSync(artifacts, { recursive: true });
let server, ctx;
try {
  server = await startServer();
  ctx = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1024, height: 768 },
  });
  await step('static files: allow-list, types, cache', () => staticFilesAreSafe(server.base));
  await step('English: a parent\'s late conference complaint', () => lateConferenceEnglish(ctx, server.base));
  await step('Welsh: a mixed complaint is split', () => mixedWelsh(ctx, server.base));
  await step('young person at risk: emergency contacts at once', () => youngPersonAtRisk(ctx, server.base));
  await step('keyboard only: Tab, Enter, Space (and one arrow key)', () => keyboardOnly(ctx, server.base));
  for (const [name, journey] of complaintJourneys({ audit, check, choose, next, fillDate, text }))
    await step(name, () => journey(ctx, server.base));
  await staffJourneys({ ctx, base: server.base, cwyn, db: `sqlite:${path.join(work, 'cwyn.db')}`,
    env: { ...process.env, CWYN_LOCALEDIR: process.env.CWYN_LOCALEDIR || path.join(build, 'po') },
    step, audit, check, text });
  await conferenceJourney({ ctx, base: server.base, cwyn, db: `sqlite:${path.join(work, 'cwyn.db')}`, env: { ...process.env, CWYN_LOCALEDIR: process.env.CWYN_LOCALEDIR || path.join(build, 'po') }, step, audit, check, choose, next, fillDate, text });
} catch (e) {
  failed++;
  console.log(`not ok - setup\n  ${e.stack || e}`);
} finally {
  if (ctx) await ctx.close().catch(() => {});
  if (server) server.srv.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
console.log(`axe checked ${axeChecked.size} distinct pages; screenshots in ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
