import { expect, test, type Page } from '@playwright/test';
import { BoardPage, SignInPage } from './board-page';

const ERIN = 'erin@throughline.example';
const PAUL = 'paul@throughline.example';
const TINA = 'tina@throughline.example';

/** An epic's, feature's or work item's own page. */
class ItemPage {
  constructor(readonly page: Page) {}

  get title() {
    return this.page.getByRole('heading', { level: 1 });
  }

  get progress() {
    return this.page.locator('.item-page > .progress .progress-label');
  }

  /** Saves the edit form and waits for the saved values to come back. */
  /** Saves the form; without JavaScript, also waits for the page the post lands on, so
   * what the test does next acts on that page, not on one still navigating. */
  async save() {
    const posted = this.page.waitForRequest((request) => request.method() === 'POST');
    const landed = this.page
      .waitForResponse((response) => {
        const request = response.request();
        return request.isNavigationRequest() && request.method() === 'GET';
      })
      .catch(() => undefined);
    await this.page.getByRole('button', { name: 'Save', exact: true }).click();
    if ((await posted).isNavigationRequest()) {
      await landed;
      await this.page.waitForLoadState('load');
    }
  }

  /** Opens the edit form under the read view. */
  async edit() {
    const editor = this.page.locator('details.edit');
    if (!(await editor.evaluate((details: HTMLDetailsElement) => details.open))) {
      await editor.locator('summary').click();
    }
    await expect(editor.locator('form')).toBeVisible();
  }

  get fields() {
    return this.page.locator('.item-fields');
  }

  async openChild(title: string) {
    await this.page.locator('.children').getByRole('link', { name: title }).click();
    await expect(this.title).toHaveText(title);
  }
}

// Tall enough that a drag never scrolls the page under the pointer.
test.use({ viewport: { width: 1400, height: 1000 } });

async function signInAs(page: Page, email: string) {
  await page.context().clearCookies();
  await new SignInPage(page).signIn(email);
}

test('an epic goes from the funnel to implementing and its work rolls progress up', async ({
  page,
  javaScriptEnabled,
}) => {
  // Three people, a dozen pages and forms: more than the default 30 s on a busy
  // 2-core machine without JavaScript, where every step reloads a page.
  test.slow();
  // The two projects share one server, so each walks its own epic.
  const tag = javaScriptEnabled ? 'hydrated' : 'plain';
  const EPIC = `Island cargo drone (${tag})`;
  const FEATURE = `Island landing kit (${tag})`;
  const BY_MOUSE = `Pad beacon (${tag})`;
  const BY_KEYBOARD = `Ramp sensor (${tag})`;
  const board = new BoardPage(page);
  const item = new ItemPage(page);

  // An executive puts a new epic in the Funnel and writes its hypothesis.
  await signInAs(page, ERIN);
  await board.openPortfolio();
  await page.getByText('New epic', { exact: true }).click();
  await page.getByLabel('Title', { exact: true }).fill(EPIC);
  await page.getByRole('button', { name: 'Add to Funnel' }).click();
  await expect(item.title).toHaveText(EPIC);
  await expect(page.locator('.item-column')).toHaveText('Funnel');
  // It opens in its read view; Edit opens the form.
  await expect(page.getByLabel('For (customers)')).toBeHidden();
  await item.edit();
  await page.getByLabel('Strategic theme').selectOption({ label: 'Lead the heavy-lift segment' });
  await page.getByLabel('For (customers)').fill('Island communities');
  await page.getByLabel('Business outcome hypothesis').fill('Deliveries in hours, not days');
  await page.getByLabel('Job size').selectOption('8');
  await item.save();
  if (javaScriptEnabled) await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('For (customers)')).toHaveValue('Island communities');
  await expect(page.locator('.breadcrumb')).toContainText('Lead the heavy-lift segment');
  await expect(item.fields).toContainText('For Island communities.');
  await expect(item.fields).toContainText('Deliveries in hours, not days');
  await expect(item.fields).toContainText('job size 8');

  // A bad value is refused next to its field, and nothing changes.
  await item.edit();
  await page.getByLabel('Title', { exact: true }).fill(' ');
  await page.getByLabel('Title', { exact: true }).evaluate((input) => input.removeAttribute('required'));
  await item.save();
  await expect(page.locator('.field-error').filter({ hasText: 'a title is required' })).toBeVisible();
  // Without JavaScript the post came back to this page: its address carries no error.
  await expect(page).not.toHaveURL(/__err|__path/);
  await page.goto(page.url().split('?')[0]);
  await expect(item.title).toHaveText(EPIC);

  // Through Reviewing to Implementing, one state at a time.
  await board.openPortfolio();
  if (javaScriptEnabled) await board.waitForHydration();
  for (const state of ['Reviewing', 'Analyzing', 'Portfolio Backlog', 'Implementing']) {
    await board.moveCard(EPIC, state);
    await expect(board.column(state)).toContainText(EPIC);
  }

  // The product manager adds a feature under it.
  await signInAs(page, PAUL);
  await board.openPortfolio();
  await board.card(EPIC).getByRole('link', { name: EPIC, exact: true }).click();
  await expect(item.title).toHaveText(EPIC);
  await page.getByLabel('New feature').fill(FEATURE);
  await page.getByRole('button', { name: 'Add feature' }).click();
  await item.openChild(FEATURE);
  const featurePage = page.url();

  // A team member adds two work items to it.
  await signInAs(page, TINA);
  await page.goto(featurePage);
  await expect(item.title).toHaveText(FEATURE);
  for (const [title, size] of [[BY_MOUSE, '3'], [BY_KEYBOARD, '5']]) {
    await page.getByLabel('New work item').fill(title);
    await page.getByLabel('Size', { exact: true }).selectOption(size);
    await page.getByRole('button', { name: 'Add work item' }).click();
    await expect(page.locator('.children')).toContainText(title);
  }
  await expect(item.progress).toHaveText('0% done');

  // Both go to Done on the team's board: by mouse, and by keyboard.
  await board.openTeam('Software');
  if (javaScriptEnabled) {
    await board.waitForHydration();
    await board.dragCard(BY_MOUSE, 'Done');
    await expect(board.column('Done')).toContainText(BY_MOUSE);
    // After a mouse drop too, the keyboard goes on from the moved card.
    await expect(board.card(BY_MOUSE)).toBeFocused();

    for (const next of ['In Progress', 'Review', 'Ready to Deploy', 'Done']) {
      await board.card(BY_KEYBOARD).focus();
      await page.keyboard.press('ArrowRight');
      await expect(board.column(next)).toContainText(BY_KEYBOARD);
      await expect(page.getByRole('status').filter({ hasText: 'Moving' })).toHaveText(
        `Moving “${BY_KEYBOARD}” to ${next}`,
      );
    }
  } else {
    for (const title of [BY_MOUSE, BY_KEYBOARD]) {
      await board.moveCard(title, 'Done');
      await expect(board.column('Done')).toContainText(title);
    }
  }

  // The feature is done by its work, and so is the epic by its one feature.
  await page.goto(featurePage);
  await expect(item.progress).toHaveText('100% done');
  await page.locator('.breadcrumb').getByRole('link', { name: EPIC }).click();
  await expect(item.title).toHaveText(EPIC);
  await expect(item.progress).toHaveText('100% done');

  // A work item's breadcrumb runs up to the vision.
  await item.openChild(FEATURE);
  await item.openChild(BY_KEYBOARD);
  await expect(page.locator('.breadcrumb li')).toHaveText([
    /Grow market share/,
    /Lead the heavy-lift segment/,
    new RegExp(EPIC.replace(/[()]/g, '\\$&')),
    new RegExp(FEATURE.replace(/[()]/g, '\\$&')),
  ]);
});
