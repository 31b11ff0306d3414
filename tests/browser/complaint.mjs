// complaint.mjs — browser journeys through the public complaint form, run
// by run.mjs with its helpers (every page checked by axe-core and
// screenshotted through `audit`):
//   1. a parent's conference complaint about two children (the second
//      added with "Add another child", checked on "Check your answers")
//      from the start page to the confirmation and the tracking page, in
//      English, then the same pages switched to Welsh;
//   2. a complaint in Welsh whose tracking page is in Welsh;
//   3. "a child at risk now": 999 and the duty team on the very next page;
//   4. a keyboard-only complaint, sent with Tab, Space, typing and Enter.

export function complaintJourneys({ audit, check, choose, next, fillDate, text }) {
  // Fill the pages every journey shares, after the risk question.
  async function parentConference(page, prefix, words) {
    await choose(page, words.parent);
    await next(page, `${prefix}-child`);
    await page.fill('#cn', 'Sam');
    await page.fill('#age', '7');
    await page.locator('#la-2').check();
    await page.locator('#edu').check();
    if (words.secondChild) {
      // GOV.UK "add another" without JavaScript: the button posts the page.
      await Promise.all([page.waitForEvent('load'),
        page.getByRole('button', { name: 'Add another child' }).click()]);
      await audit(page, `${prefix}-child-2`);
      const t = await text(page);
      check(/Child 2/.test(t) && /About the child/.test(t), `second child's page: ${t.slice(0, 200)}`);
      await page.fill('#cn2', words.secondChild);
      await page.fill('#age2', '19');
      await page.locator('#la2').check();     // Yes, in care now or before
      await page.locator('#edu2-2').check();  // No
      await next(page, `${prefix}-concern`);
    } else {
      await next(page, `${prefix}-concern`);
    }
    await choose(page, words.category);
    await next(page, `${prefix}-dates`);
    await page.fill('#c1d', 'The conference registered Sam under the wrong category.');
    await fillDate(page, 'c1h', '11', '12', '2026');
    await fillDate(page, 'c1m', '18', '12', '2026');
    await next(page, `${prefix}-another`);
    await choose(page, words.no);
    await next(page, `${prefix}-court`);
    await choose(page, words.noCourt);
    await next(page, `${prefix}-conference`);
    await choose(page, words.notYet);
    await next(page, `${prefix}-someone-else`);
    await page.locator('#rep-2').check();
    await next(page, `${prefix}-name`);
    await page.fill('#name', 'Jo Bloggs');
    await next(page, `${prefix}-contact`);
    await page.fill('#email', 'jo@example.com');
    await page.locator('#pref').check();
    await next(page, `${prefix}-language`);
  }

  const en = {
    parent: 'A parent of the child', no: 'No', noCourt: 'No, there are no court proceedings',
    notYet: 'No, not yet',
    category: 'The category of harm the conference chose when registering the child',
    secondChild: 'Rhys',
  };
  const cy = {
    parent: 'Rhiant y plentyn', no: 'Na', noCourt: 'Na, nid oes achos llys', notYet: 'Na, ddim eto',
  };

  async function sendAndTrack(page, prefix) {
    await page.locator('#agree').check();
    await page.fill('#sign', 'Jo Bloggs');
    await next(page, `${prefix}-sent`);
    const ref = (await page.locator('.govuk-panel__body strong').innerText()).trim();
    check(/^CP-2027-\d{5}$/.test(ref), `reference shown: ${ref}`);
    const link = page.locator('#tracking-link');
    const href = await link.getAttribute('href');
    check(/^\/track\/CP-2027-\d{5}\/[A-Za-z0-9_-]{43}$/.test(href), `tracking link: ${href}`);
    await Promise.all([page.waitForEvent('load'), link.click()]);
    await audit(page, `${prefix}-track`);
    return { ref, href };
  }

  async function englishConference(ctx, base) {
    const page = await ctx.newPage();
    await page.goto(`${base}/complain?lang=en`);
    await audit(page, 'cf-en-start');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Start now' }).click()]);
    await audit(page, 'cf-en-risk');
    await choose(page, 'No');
    await next(page, 'cf-en-who');
    await parentConference(page, 'cf-en', en);
    await choose(page, 'English');
    await next(page, 'cf-en-access');
    await page.getByLabel('Large print').check();
    await next(page, 'cf-en-check');
    let t = await text(page);
    check(/Check your complaint before you send it/.test(t), 'check your answers');
    check(/The conference registered Sam under the wrong category\./.test(t), 'description recorded');
    check(/Friday 18 December 2026/.test(t), 'minutes date in words');
    // Both children, each in its own part with its own Change links.
    check(/The children/.test(t) && /Child 1/.test(t) && /Child 2/.test(t), `both children listed: ${t}`);
    check(/Sam/.test(t) && /Rhys/.test(t) && /\b19\b/.test(t), 'second child\'s answers listed');
    check(await page.getByRole('link', { name: /Change\s+The child's age, Child 2/ }).count() === 1,
      'a Change link for the second child');
    // Sending without agreeing: the error summary, nothing sent.
    await next(page, 'cf-en-check-error');
    const err = await page.locator('.govuk-error-summary').innerText();
    check(/Select that you agree this is an accurate record/.test(err), `agreement required: ${err}`);
    check(/Type your full name to sign your complaint/.test(err), 'signature required');
    // A change link goes to the question and back to the summary.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: /Change\s+Your name/ }).click()]);
    await audit(page, 'cf-en-change-name');
    await page.fill('#name', 'Jo Bloggs');
    await next(page, 'cf-en-check-again');
    check(/Check your complaint/.test(await text(page)), 'back to the summary after a change');
    const { href } = await sendAndTrack(page, 'cf-en');
    t = await text(page);
    check(/Follow your complaint/.test(t), 'tracking page');
    check(/The chair of the child protection conference is looking at this part of your complaint/.test(t),
      `route in plain words: ${t}`);
    check(/What happens next/.test(t) && /2027/.test(t), 'next step with its date');
    check(!/jo@example\.com/.test(t) && !/Jo Bloggs/.test(t), 'no personal details on the tracking page');
    // The same tracking page in Welsh.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Cymraeg' }).click()]);
    await audit(page, 'cf-en-track-cy');
    check(await page.getAttribute('html', 'lang') === 'cy', 'tracking page switched to Welsh');
    check(/Dilyn eich cwyn/.test(await text(page)), 'Welsh heading');
    // Back to English for the journeys after this one.
    await page.goto(`${base}${href}?lang=en`);
    await page.close();
  }

  async function welshComplaint(ctx, base) {
    const page = await ctx.newPage();
    await page.goto(`${base}/complain?lang=cy`);
    await audit(page, 'cf-cy-start');
    check(await page.getAttribute('html', 'lang') === 'cy', 'start page in Welsh');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Dechrau nawr' }).click()]);
    await audit(page, 'cf-cy-risk');
    await choose(page, 'Na');
    await next(page, 'cf-cy-who');
    await choose(page, cy.parent);
    await next(page, 'cf-cy-child');
    await page.fill('#age', '7');
    await page.locator('#la-2').check();
    await page.locator('#edu').check();
    await next(page, 'cf-cy-concern');
    await page.locator('#c1k').check(); // the first concern on the list
    await next(page, 'cf-cy-agency');
    await page.locator('#c1a').check(); // the council's social services
    await next(page, 'cf-cy-dates');
    await page.fill('#c1d', 'Ni wnaeth neb ddim pan ddywedais fod plentyn mewn perygl.');
    await fillDate(page, 'c1e', '4', '1', '2027');
    await next(page, 'cf-cy-another');
    await choose(page, cy.no);
    await next(page, 'cf-cy-court');
    await choose(page, cy.noCourt);
    await next(page, 'cf-cy-progress');
    await page.locator('#cst').check();
    await next(page, 'cf-cy-someone-else');
    await page.locator('#rep-2').check();
    await next(page, 'cf-cy-name');
    await page.fill('#name', 'Siân Jones');
    await next(page, 'cf-cy-contact');
    await page.fill('#phone', '01632 960 001');
    await page.locator('#pref-2').check();
    await next(page, 'cf-cy-language');
    await choose(page, 'Cymraeg');
    await next(page, 'cf-cy-access');
    await next(page, 'cf-cy-check');
    check(/Gwiriwch eich cwyn cyn i chi ei hanfon/.test(await text(page)), 'check page in Welsh');
    await page.locator('#agree').check();
    await page.fill('#sign', 'Siân Jones');
    await next(page, 'cf-cy-sent');
    check(/Cwyn wedi'i hanfon/.test(await text(page)), 'confirmation in Welsh');
    const link = page.locator('#tracking-link');
    const href = await link.getAttribute('href');
    // Opened later, with no language chosen on the way: the case's Welsh.
    await page.goto(`${base}${href}`);
    await audit(page, 'cf-cy-track');
    check(await page.getAttribute('html', 'lang') === 'cy', 'tracking page in the complainant\'s Welsh');
    const t = await text(page);
    check(/Dilyn eich cwyn/.test(t), 'Welsh tracking heading');
    check(/Gweithdrefn gwynion y cyngor: Cam 1/.test(t) && /swyddog cwynion/.test(t), `route in Welsh: ${t}`);
    check(/ar ddydd [A-Z]/.test(t) && !/ar Dydd/.test(t), `Welsh date after "ar" mutated: ${t}`);
    // Leave the remembered language as English for the journeys after.
    await page.goto(`${base}/?lang=en`);
    await page.close();
  }

  async function atRiskHelpAtOnce(ctx, base) {
    const page = await ctx.newPage();
    await page.goto(`${base}/complain?lang=en`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Start now' }).click()]);
    await choose(page, 'Yes');
    await next(page, 'cf-risk-help-now');
    const t = await text(page);
    check(/If a child is in immediate danger, call 999 now/.test(t), '999 at once');
    check(await page.locator('a[href="tel:999"]').count() >= 1, '999 link from the policy');
    check(/Children's services duty team/.test(t), 'duty team from the policy');
    // Nothing is asked before the help: the first form control is the button.
    const firstInput = await page.locator('main input:not([type=hidden]), main textarea').count();
    check(firstInput === 0, 'no question on the help page');
    await next(page, 'cf-risk-who');
    check(/Who are you\?/.test(await text(page)), 'the form carries on');
    await page.close();
  }

  async function youngPeopleStart(ctx, base) {
    const page = await ctx.newPage();
    await page.goto(`${base}/young-people/complain?lang=en`);
    await audit(page, 'cf-yp-start');
    const t = await text(page);
    check(/Advocacy for children and young people/.test(t), 'advocacy offered');
    check(/Children's Rights Officer/.test(t), 'Children\'s Rights Officer offered');
    await page.close();
  }

  async function keyboardComplaint(ctx, base) {
    const page = await ctx.newPage();
    await page.goto(`${base}/complain?lang=en`);
    const focused = () => page.evaluate(() => {
      const e = document.activeElement;
      return e ? `${e.tagName.toLowerCase()}|${e.getAttribute('name') || ''}|${e.id}|${(e.textContent || '').trim()}` : '';
    });
    async function tabTo(pred, what) {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (pred(await focused())) return;
      }
      throw new Error(`could not reach ${what} with the keyboard`);
    }
    const button = (label) => (f) => f.startsWith('button|') && f.endsWith(`|${label}`);
    const field = (id) => (f) => f.split('|')[2] === id;
    async function submit(label, buttonLabel = 'Continue') {
      await tabTo(button(buttonLabel), buttonLabel);
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
      await audit(page, `cf-kb-${label}`);
    }
    async function radio(id) { await tabTo(field(id), id); await page.keyboard.press('Space'); }
    async function arrowTo(id, presses) {
      await tabTo(field(id), id);
      for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowDown');
    }
    async function type(id, value) { await tabTo(field(id), id); await page.keyboard.type(value); }

    await submit('risk', 'Start now');
    await arrowTo('risk', 1);                      // No
    await submit('who');
    await radio('rel');                            // a parent
    await submit('child');
    await arrowTo('la', 1);                        // No
    await radio('edu');                            // Yes
    await submit('concern');
    await radio('c1k');
    await submit('agency');
    await radio('c1a');
    await submit('dates');
    await type('c1d', 'Nobody acted when I reported that my child was at risk.');
    await submit('another');
    await arrowTo('more', 1);                      // No
    await submit('court');
    await radio('court');                          // none
    await submit('progress');
    await radio('cst');                            // not complained yet
    await submit('someone-else');
    await arrowTo('rep', 1);                       // No
    await submit('name');
    await type('name', 'Kim Keyboard');
    await submit('contact');
    await type('email', 'kim@example.com');
    await radio('pref');                           // email
    await submit('language');
    await radio('corr');                           // English
    await submit('access');
    await submit('check');
    check(/Check your complaint before you send it/.test(await text(page)), 'reached the summary');
    await tabTo(field('agree'), 'agree');
    await page.keyboard.press('Space');
    await type('sign', 'Kim Keyboard');
    await submit('sent', 'Agree and send complaint');
    const t = await text(page);
    check(/Complaint sent/.test(t) && /CP-2027-\d{5}/.test(t), `keyboard complaint sent: ${t.slice(0, 200)}`);
    await page.close();
  }

  return [
    ['complaint form: a parent\'s conference complaint to the tracking page (English, then Welsh)', englishConference],
    ['complaint form: a complaint in Welsh, tracked in Welsh', welshComplaint],
    ['complaint form: a child at risk now gets 999 and the duty team at once', atRiskHelpAtOnce],
    ['complaint form: the young people\'s start page offers advocacy', youngPeopleStart],
    ['complaint form: keyboard only, from start to sent', keyboardComplaint],
  ];
}
