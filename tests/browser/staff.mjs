// staff.mjs — the staff pages in a real browser, run by run.mjs with its
// server, browser context and helpers (audit = axe-core WCAG 2.2 AA with
// zero violations, the shared frame, and a screenshot in the artefacts):
//   1. a Stage 1 complaint recorded, acknowledged, moved to Stage 2 with an
//      independent investigator appointed, answered, closed with its
//      lessons learned, and reopened with a reason (an empty reason is
//      refused first);
//   2. a mixed complaint (conference + a police officer) recorded at
//      /staff/intake by phone, split into routes, waiting for the
//      complainant's agreement, which is then recorded;
//   3. a Welsh-language complaint answered in Welsh: every staff page in
//      Welsh shows Welsh labels;
//   4. a keyboard-only sign-in and dashboard (Tab, Enter, Space).
// Users are made with the CLI (`cwyn user add`, `cwyn user totp`) on the
// server's database; the second factor is computed here (RFC 6238).
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

// A user with a password and a second factor; returns the TOTP secret.
function makeUser(cwyn, db, env, name, role) {
  execFileSync(cwyn, ['user', 'add', name, '--role', role, '--password-stdin', '--db', db],
    { input: `${PASSWORD}\n`, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = execFileSync(cwyn, ['user', 'totp', name, '--db', db], { env }).toString();
  const m = out.match(/^\s+([A-Z2-7]{32})\s*$/m);
  if (!m) throw new Error(`no TOTP secret in: ${out}`);
  return m[1];
}

export async function staffJourneys({ ctx, base, cwyn, db, env, step, audit, check, text }) {
  const secrets = {};
  for (const [name, role] of [['olwen', 'complaints_officer'], ['carys', 'complaints_officer'],
    ['gwen', 'complaints_officer'], ['bryn', 'complaints_officer'], ['ifan', 'investigator']])
    secrets[name] = makeUser(cwyn, db, env, name, role);

  async function click(page, link, label) {
    await Promise.all([page.waitForEvent('load'), link.click()]);
    await audit(page, label);
  }
  async function submit(page, label, name) {
    const button = name ? page.getByRole('button', { name, exact: true })
      : page.locator('main button.govuk-button').last();
    await Promise.all([page.waitForEvent('load'), button.click()]);
    await audit(page, label);
  }
  async function signIn(page, user, lang, prefix) {
    // A fresh browser session; the language is chosen on the sign-in page.
    await ctx.clearCookies();
    await page.goto(`${base}/staff/login?lang=${lang}`);
    await page.goto(`${base}/staff`);
    check(new URL(page.url()).pathname === '/staff/login', 'not signed in: sent to sign in');
    check(await page.getAttribute('html', 'lang') === lang, `sign-in page in ${lang}`);
    await audit(page, `${prefix}-login`);
    await page.fill('#username', user);
    await page.fill('#password', PASSWORD);
    await submit(page, `${prefix}-code`);
    check(new URL(page.url()).pathname === '/staff/login/code', 'second factor asked for');
    await page.fill('#code', totp(secrets[user]));
    await submit(page, `${prefix}-dashboard`);
    check(new URL(page.url()).pathname === '/staff', `signed in: ${page.url()}`);
  }
  async function action(page, label, shot, fill) {
    await click(page, page.getByRole('link', { name: label }), `${shot}-form`);
    if (fill) await fill();
    await submit(page, shot);
    check(/\/staff\/cases\/CP-/.test(page.url()), `back on the case page: ${page.url()}`);
  }

  await step('staff: Stage 1 acknowledged, Stage 2 with an investigator, closed, reopened', async () => {
    const page = await ctx.newPage();
    await signIn(page, 'olwen', 'en', 'st1');
    check(/Signed in as olwen/.test(await page.locator('body').innerText()), 'who is signed in');
    await click(page, page.getByRole('link', { name: 'Record a complaint' }), 'st1-intake');
    // Nothing filled in: the GOV.UK error summary, linked to the fields.
    await submit(page, 'st1-intake-errors', 'Record the complaint');
    check((await page.title()).startsWith('Error:'), 'error title');
    check(await page.locator('.govuk-error-summary a[href="#risk"]').count() === 1, 'risk error linked');
    await page.locator('#risk-2').check();                  // No
    await page.locator('#channel-2').check();               // letter
    await page.fill('#name', 'Alex Example');
    await page.locator('#rel').check();                     // parent
    await page.fill('#email', 'alex@example.org');
    await page.locator('#lang').check();                    // English
    await page.locator('#contact').check();                 // email
    await page.fill('#k1l', 'B');
    await page.fill('#k1g', '9');
    await page.selectOption('#c1k', 'no_action');
    await page.fill('#c1s', 'Nobody acted on the school\'s report.');
    await page.fill('#c1e', '2');
    await page.fill('[name="c1e-month"]', '11');
    await page.fill('[name="c1e-year"]', '2026');
    await submit(page, 'st1-case', 'Record the complaint');
    let t = await text(page);
    check(/The complaint has been recorded/.test(t), 'recorded');
    check(/Stage 1 \(local resolution\)/.test(t), 'Stage 1 route');
    await page.getByText('How this date was worked out').first().click();
    check(/Day 0 is/.test(await page.locator('details').first().innerText()), 'derivation shown');
    await action(page, 'Acknowledge (matter 1)', 'st1-ack');
    check(/Stage 1 — acknowledged/.test(await text(page)), 'acknowledged');
    await action(page, 'Request Stage 2 (matter 1)', 'st1-stage2');
    check(/Stage 2 — requested/.test(await text(page)), 'Stage 2 requested');
    await action(page, 'Acknowledge (matter 1)', 'st2-ack');
    await action(page, 'Appoint an independent investigator (matter 1)', 'st2-investigator', async () => {
      await page.selectOption('#investigator', { label: 'ifan' });
      await page.locator('#independent').check();
    });
    t = await text(page);
    check(/investigator appointed/i.test(t), `investigator appointed: ${t.slice(0, 400)}`);
    await action(page, 'Receive the investigator\'s report (matter 1)', 'st2-report');
    await action(page, 'Send the response (matter 1)', 'st2-response', async () => {
      const radios = page.locator('input[name="outcome"]');
      if (await radios.count() > 0) await page.locator('#outcome').check();
    });
    if (await page.getByRole('link', { name: 'Close (matter 1)' }).count() > 0)
      await action(page, 'Close (matter 1)', 'st2-close-stage', async () => {
        if (await page.locator('input[name="outcome"]').count() > 0) await page.locator('#outcome').check();
      });
    await click(page, page.getByRole('link', { name: 'Close the case with its outcome' }), 'st-close-form');
    await page.getByLabel('upheld', { exact: true }).check();
    await page.fill('#reason', 'Upheld after the independent investigation.');
    await page.getByLabel('Lessons learned (optional)').fill('Reports from schools are now read on the day they arrive.');
    await submit(page, 'st-closed', 'Close the case');
    t = await text(page);
    check(/The case has been closed/.test(t), 'closed');
    check(/Case closed/.test(t), 'closing on the timeline');
    check(/Reports from schools are now read on the day they arrive\./.test(t), 'lessons learned on the case');
    check(/Appoint an independent investigator/.test(t), 'appointment on the timeline');
    check(await page.getByRole('link', { name: /\(matter 1\)$/ }).count() === 0, 'no actions once closed');
    // Reopened through the page: a reason is required, then the timeline shows it.
    await click(page, page.getByRole('link', { name: 'Reopen the case' }), 'st-reopen-form');
    await submit(page, 'st-reopen-errors', 'Reopen the case');
    check((await page.title()).startsWith('Error:'), 'reopen without a reason: error title');
    check(await page.locator('.govuk-error-summary a[href="#reason"]').count() === 1, 'reason error linked');
    check(/Enter why the case is being reopened/.test(await text(page)), 'reason asked for');
    await page.getByLabel('Why is the case being reopened?').fill('The complainant sent new evidence from the school.');
    await submit(page, 'st-reopened', 'Reopen the case');
    check(/\/staff\/cases\/CP-[^/]*\?done=reopened$/.test(page.url()), `back on the case page: ${page.url()}`);
    t = await text(page);
    check(/The case has been reopened/.test(t), 'reopened');
    const entry = page.locator('#timeline + ol > li').first();
    const first = await entry.innerText();
    check(/Case reopened/.test(first), `reopening is the newest timeline entry: ${first}`);
    check(/Reason: The complainant sent new evidence from the school\./.test(first), 'the reason on the timeline');
    check(await page.getByRole('link', { name: 'Close the case with its outcome' }).count() === 1, 'open again: can be closed');
    check(await page.getByRole('link', { name: 'Reopen the case' }).count() === 0, 'no reopen once open');
    await page.close();
  });

  await step('staff: a mixed complaint recorded at /staff/intake is split', async () => {
    const page = await ctx.newPage();
    await signIn(page, 'carys', 'en', 'mix');
    await click(page, page.getByRole('link', { name: 'Record a complaint' }), 'mix-intake');
    await page.locator('#risk-2').check();
    await page.locator('#channel').check();                 // by phone
    await page.fill('#name', 'Sam Example');
    await page.locator('#rel').check();
    await page.fill('#phone', '029 2000 0000');
    await page.locator('#lang').check();
    await page.locator('#contact-2').check();               // phone
    await page.fill('#k1l', 'C');
    await page.selectOption('#c1k', 'conf_process');
    await page.fill('#c1s', 'The conference did not let me speak.');
    await page.fill('#c1h', '2');
    await page.fill('[name="c1h-month"]', '11');
    await page.fill('[name="c1h-year"]', '2026');
    await page.fill('#c1m', '9');
    await page.fill('[name="c1m-month"]', '11');
    await page.fill('[name="c1m-year"]', '2026');
    await page.selectOption('#c2k', 'worker');
    await page.selectOption('#c2a', 'police');
    await page.fill('#c2n', 'Dyfed-Powys Police');
    await page.fill('#c2s', 'The police officer at the conference was rude.');
    await submit(page, 'mix-case', 'Record the complaint');
    const t = await text(page);
    check(/Split: the matters go different ways/.test(t), 'split overall');
    check(/The child protection conference chair/.test(t), 'conference route');
    check(/The other agency's own complaints procedure/.test(t), 'police route');
    check(/Dyfed-Powys Police/.test(t), 'agency named');
    check(/CONF-SCOPE/.test(t) && /AGENCY-WORKER/.test(t), 'rule IDs');
    check(/waits for the complainant's agreement/.test(t), 'assisted: awaits agreement');
    await click(page, page.getByRole('link', { name: 'Record the complainant\'s agreement' }), 'mix-agree-form');
    await page.locator('#confirm').check();
    await page.fill('#signature', 'Sam Example');
    await submit(page, 'mix-agreed', 'Record the agreement');
    check(/Written record agreed and signed/.test(await text(page)), 'agreement on the timeline');
    await page.close();
  });

  await step('staff: a Welsh-language complaint answered in Welsh', async () => {
    const page = await ctx.newPage();
    await signIn(page, 'gwen', 'cy', 'cy');
    check(await page.getAttribute('html', 'lang') === 'cy', 'dashboard in Welsh');
    check(/Eich achosion/.test(await text(page)), 'Welsh dashboard heading');
    await click(page, page.getByRole('link', { name: 'Cofnodi cwyn' }), 'cy-intake');
    check(/Perthynas â'r plentyn/.test(await text(page)), 'Welsh form labels');
    await page.locator('#risk-2').check();
    await page.locator('#channel-3').check();               // email
    await page.fill('#name', 'Rhian Enghraifft');
    await page.locator('#rel').check();
    await page.fill('#email', 'rhian@example.org');
    await page.locator('#lang-2').check();                  // Cymraeg
    await page.locator('#contact').check();
    await page.selectOption('#c1k', 'communication');
    await page.fill('#c1s', 'Ni chefais ateb i fy llythyrau.');
    await submit(page, 'cy-case', 'Cofnodi\'r gŵyn');
    let t = await text(page);
    check(/Iaith y gŵyn\s*Cymraeg/.test(t), `complaint language Welsh: ${t.slice(0, 600)}`);
    check(/Llinell amser/.test(t) && /Achwynydd/.test(t), 'Welsh labels on the case page');
    check(/Cam 1/.test(t), 'Cam 1');
    await action(page, 'Cydnabod (mater 1)', 'cy-ack');
    t = await text(page);
    check(/Cam wedi symud ymlaen/.test(t), 'Welsh timeline entry');
    await page.getByText('Sut y cyfrifwyd y dyddiad hwn').first().click();
    check(/Diwrnod 0/.test(await page.locator('details').first().innerText()), 'Welsh derivation');
    await click(page, page.getByRole('link', { name: 'Chwilio' }), 'cy-search');
    await page.close();
  });

  await step('staff: keyboard-only sign-in and dashboard', async () => {
    const page = await ctx.newPage();
    await ctx.clearCookies();
    await page.goto(`${base}/staff/login?lang=en`);
    const focused = () => page.evaluate(() => {
      const e = document.activeElement;
      return e ? `${e.tagName.toLowerCase()}|${e.getAttribute('name') || ''}|${(e.textContent || '').trim()}` : '';
    });
    async function tabTo(pred, what) {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (pred(await focused())) return;
      }
      throw new Error(`could not reach ${what} with the keyboard`);
    }
    await page.keyboard.press('Tab');
    check((await focused()).includes('Skip to main content'), 'skip link is first');
    await tabTo((f) => f.startsWith('input|username|'), 'username');
    await page.keyboard.type('bryn');
    await tabTo((f) => f.startsWith('input|password|'), 'password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await audit(page, 'kb-code');
    await tabTo((f) => f.startsWith('input|code|'), 'code');
    await page.keyboard.type(totp(secrets.bryn));
    await tabTo((f) => f.startsWith('button|') && f.endsWith('|Continue'), 'Continue');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await audit(page, 'kb-dashboard');
    check(new URL(page.url()).pathname === '/staff', 'dashboard reached');
    await tabTo((f) => f.startsWith('a|') && f.endsWith('|Search'), 'Search link');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await audit(page, 'kb-search');
    await tabTo((f) => f.startsWith('button|') && f.endsWith('|Sign out'), 'Sign out');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await audit(page, 'kb-signed-out');
    check(/You have signed out/.test(await text(page)), 'signed out');
    await page.close();
  });
}
