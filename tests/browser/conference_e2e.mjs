// conference_e2e.mjs — one journey end to end, run by run.mjs with its
// server, browser context and helpers (audit = axe-core WCAG 2.2 AA with
// zero violations, the shared frame, and a screenshot in the artefacts):
// a parent's conference complaint (the registration category, minutes
// sent a few days ago) sent through /complain in English; a conference
// chair signs in, opens the case by its reference, notifies the senior
// manager and records the chair's resolution, as the case page offers;
// the case page shows the conference stage closed and resolved; at once,
// before anyone closes the case, the complainant's private tracking link
// shows the chair's resolution with its day and the next step (the
// Safeguarding Board's panel; not the Ombudsman), in English and in Welsh
// ("ar ddydd ..."), with nothing stale ("the chair is looking at it");
// then the complaints officer closes the case with that outcome, and the
// tracking link shows the complaint closed.
// Users are made with the CLI (`cwyn user add`, `cwyn user totp`) on the
// server's database, as staff.mjs does; the second factor is RFC 6238.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';

const PASSWORD = 'correct horse battery staple';

function base32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of s.replace(/=+$/, '')) {
    value = (value << 5) | abc.indexOf(ch);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

function totp(secret, at = Date.now()) {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac('sha1', base32(secret)).update(buf).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function makeUser(cwyn, db, env, name, role) {
  execFileSync(cwyn, ['user', 'add', name, '--role', role, '--password-stdin', '--db', db],
    { input: `${PASSWORD}\n`, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = execFileSync(cwyn, ['user', 'totp', name, '--db', db], { env }).toString();
  const m = out.match(/^\s+([A-Z2-7]{32})\s*$/m);
  if (!m) throw new Error(`no TOTP secret in: ${out}`);
  return m[1];
}

export async function conferenceJourney({ ctx, base, cwyn, db, env, step, audit, check, choose, next,
  fillDate, text }) {
  async function submit(page, label) {
    await Promise.all([page.waitForEvent('load'), page.locator('main button.govuk-button').last().click()]);
    await audit(page, label);
  }
  async function click(page, link, label) {
    await Promise.all([page.waitForEvent('load'), link.click()]);
    await audit(page, label);
  }
  async function signIn(page, user, secret, prefix) {
    await ctx.clearCookies();
    await page.goto(`${base}/staff/login?lang=en`);
    await audit(page, `${prefix}-login`);
    await page.fill('#username', user);
    await page.fill('#password', PASSWORD);
    await submit(page, `${prefix}-code`);
    check(new URL(page.url()).pathname === '/staff/login/code', 'second factor asked for');
    await page.fill('#code', totp(secret));
    await submit(page, `${prefix}-dashboard`);
    check(new URL(page.url()).pathname === '/staff', `signed in: ${page.url()}`);
  }
  async function action(page, label, shot) {
    const link = page.getByRole('link', { name: label });
    check(await link.count() === 1, `the case page offers "${label}": ${(await text(page)).slice(0, 800)}`);
    await click(page, link, `${shot}-form`);
    const resolved = page.locator('input[name="outcome"][value="resolved"]');
    if (await resolved.count() > 0) await resolved.check();
    await submit(page, shot);
    check(/\/staff\/cases\/CP-/.test(page.url()), `back on the case page: ${page.url()}`);
  }

  await step('conference end to end: public form, chair resolves, tracking shows it', async () => {
    const chair = makeUser(cwyn, db, env, 'cadi', 'conference_chair');
    const officer = makeUser(cwyn, db, env, 'dai', 'complaints_officer');
    const page = await ctx.newPage();
    // The complaint, in English: conference held 4 January, minutes sent
    // 8 January 2027 (today is 13 January), so it is in time.
    await ctx.clearCookies();
    await page.goto(`${base}/complain?lang=en`);
    await audit(page, 'ce-start');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Start now' }).click()]);
    await audit(page, 'ce-risk');
    await choose(page, 'No');
    await next(page, 'ce-who');
    await choose(page, 'A parent of the child');
    await next(page, 'ce-child');
    await page.fill('#cn', 'Sam');
    await page.fill('#age', '7');
    await page.locator('#la-2').check();
    await page.locator('#edu').check();
    await next(page, 'ce-concern');
    await choose(page, 'The category of harm the conference chose when registering the child');
    await next(page, 'ce-dates');
    await page.fill('#c1d', 'The conference registered Sam under the wrong category.');
    await fillDate(page, 'c1h', '4', '1', '2027');
    await fillDate(page, 'c1m', '8', '1', '2027');
    await next(page, 'ce-another');
    await choose(page, 'No');
    await next(page, 'ce-court');
    await choose(page, 'No, there are no court proceedings');
    await next(page, 'ce-conference');
    await choose(page, 'No, not yet');
    await next(page, 'ce-someone-else');
    await page.locator('#rep-2').check();
    await next(page, 'ce-name');
    await page.fill('#name', 'Jo Bloggs');
    await next(page, 'ce-contact');
    await page.fill('#email', 'jo@example.com');
    await page.locator('#pref').check();
    await next(page, 'ce-language');
    await choose(page, 'English');
    await next(page, 'ce-access');
    await next(page, 'ce-check');
    check(/Friday 8 January 2027/.test(await text(page)), 'minutes date on the summary');
    await page.locator('#agree').check();
    await page.fill('#sign', 'Jo Bloggs');
    await next(page, 'ce-sent');
    const ref = (await page.locator('.govuk-panel__body strong').innerText()).trim();
    check(/^CP-2027-\d{5}$/.test(ref), `reference shown: ${ref}`);
    const href = await page.locator('#tracking-link').getAttribute('href');
    check(/^\/track\/CP-2027-\d{5}\/[A-Za-z0-9_-]{43}$/.test(href), `tracking link: ${href}`);
    await page.goto(`${base}${href}`);
    await audit(page, 'ce-track-open');
    let t = await text(page);
    check(/Open: we are dealing with it/.test(t), 'open at first');
    check(/The chair of the child protection conference is looking at this part/.test(t), 'chair route');

    // The chair signs in and opens the case by its reference.
    await signIn(page, 'cadi', chair, 'ce-chair');
    await page.goto(`${base}/staff/cases/${ref}`);
    await audit(page, 'ce-case');
    t = await text(page);
    check(t.includes(ref), 'the case page names the reference');
    check(/conference complaint — received by the chair/i.test(t), `received by the chair: ${t.slice(0, 800)}`);
    await action(page, 'Notify the senior manager for child protection (matter 1)', 'ce-notify');
    check(/conference complaint — senior manager notified/i.test(await text(page)), 'senior manager notified');
    await action(page, 'Record the chair\'s resolution (matter 1)', 'ce-resolve');
    t = await text(page);
    check(/conference complaint — closed/i.test(t), `conference stage closed: ${t.slice(0, 1200)}`);
    check(/resolved/i.test(t), 'resolved outcome shown');
    check(/Notify the senior manager/i.test(t) && /chair's resolution/i.test(t), 'both steps on the timeline');
    check(await page.getByRole('link', { name: /\(matter 1\)$/ }).count() === 0 ||
      await page.getByRole('link', { name: 'Record the chair\'s resolution (matter 1)' }).count() === 0,
      'the resolution is not offered again');

    // Right after the chair's resolution, before any officer closes the
    // case: the complainant's private link, without a staff session.
    await ctx.clearCookies();
    await page.goto(`${base}${href}?lang=en`);
    await audit(page, 'ce-track-chair-resolved');
    t = await text(page);
    check(/The conference chair resolved this part of your complaint on [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}\./.test(t),
      `tracking shows the chair's resolution: ${t}`);
    check(/Finished: waiting to be closed/.test(t) && !/Open: we are dealing with it/.test(t),
      `tracking status is not stale: ${t}`);
    check(!/is looking at this part/.test(t) && !/Wait for the chair/.test(t) && !/Next time limit/.test(t),
      `nothing stale about the chair: ${t}`);
    check(/Safeguarding Board's panel/.test(t) && /cannot look at child protection conference decisions/.test(t),
      `next step: the panel, not the Ombudsman: ${t}`);
    check(!/cadi/.test(t), 'no staff username on the tracking page');
    await page.goto(`${base}${href}?lang=cy`);
    await audit(page, 'ce-track-chair-resolved-cy');
    t = await text(page);
    check(/Datrysodd Cadeirydd y Gynhadledd y rhan hon o'ch cwyn ar ddydd [A-Z]/.test(t),
      `Welsh tracking shows the chair's resolution, "ar ddydd": ${t}`);
    check(!/ar Dydd/.test(t) && !/erbyn Dydd/.test(t), 'Welsh dates in sentences are mutated');

    // The chair may not close the case itself (authz.c): the complaints
    // officer closes it with the chair's outcome.
    await signIn(page, 'dai', officer, 'ce-officer');
    await page.goto(`${base}/staff/cases/${ref}`);
    await audit(page, 'ce-case-officer');
    await click(page, page.getByRole('link', { name: 'Close the case with its outcome' }), 'ce-close-form');
    await page.locator('input[name="outcome"][value="resolved"]').check();
    await page.fill('#reason', 'Resolved by the conference chair.');
    await submit(page, 'ce-closed');
    t = await text(page);
    check(/The case has been closed/.test(t), 'case closed');
    check(/Case closed/.test(t), 'closing on the timeline');

    // The complainant's private link, without a staff session.
    await ctx.clearCookies();
    await page.goto(`${base}${href}?lang=en`);
    await audit(page, 'ce-track-resolved');
    t = await text(page);
    check(/Closed/.test(t) && !/Open: we are dealing with it/.test(t), `tracking shows it closed: ${t}`);
    await page.close();
  });
}
