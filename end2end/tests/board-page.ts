import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

/** Every demo account signs in with this password. */
export const DEMO_PASSWORD = 'throughline-demo';
export const DEMO_VIEWER = 'vic@throughline.example';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * Signs `email` in with JavaScript off, so the browser has fetched none of the
 * bundle yet: the session to open pages with, and the team boards the navigation
 * links to.
 */
export async function signInWithoutScripts(
  browser: Browser,
  email: string,
): Promise<{ storageState: StorageState; teamBoards: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await new SignInPage(page).signIn(email);
  const teamBoards = await page
    .locator('nav a[href^="/teams/"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
  const storageState = await context.storageState();
  await context.close();
  return { storageState, teamBoards };
}

/** The sign-in page. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async submit(email: string, password: string) {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Signs in from wherever the browser is, and waits to leave the sign-in page. */
  async signIn(email: string, password = DEMO_PASSWORD) {
    // Every test signs in from 127.0.0.1, and some fail on purpose: the throttle
    // then slows the address down for a few seconds, as it would any shared
    // address. Wait as a person would, and sign in again.
    const throttled = this.page.getByRole('alert').filter({ hasText: 'Too many failed sign-ins' });
    for (let attempt = 1; ; attempt++) {
      if (!this.page.url().includes('/login')) await this.page.goto('/login');
      await this.submit(email, password);
      const outcome = await Promise.race([
        this.page
          .waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 10_000 })
          .then(() => 'signed in')
          .catch(() => 'still here'),
        throttled
          .waitFor({ timeout: 10_000 })
          .then(() => 'throttled')
          .catch(() => 'still here'),
      ]);
      if (outcome !== 'throttled' || attempt === 5) break;
      await this.page.waitForTimeout(3_000);
    }
    await expect(this.page).not.toHaveURL(/\/login/);
    // With JavaScript the page then loads afresh: let that finish before going on.
    await this.page.waitForLoadState('load');
  }

  get error(): Locator {
    return this.page.locator('.form-error');
  }
}

/** A kanban board page: the portfolio or a team's board. */
export class BoardPage {
  constructor(readonly page: Page) {}

  async openPortfolio() {
    await this.page.goto('/');
    await expect(this.heading).toHaveText('Portfolio');
  }

  /** Opens a team's board by following its link in the top bar. */
  async openTeam(name: string) {
    await this.page.goto('/');
    await this.page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name, exact: true }).click();
    await expect(this.heading).toHaveText(name);
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  column(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  columnNames(): Promise<string[]> {
    return this.page.locator('.column-header h2').allTextContents();
  }

  card(title: string): Locator {
    return this.page.locator('li.card').filter({
      has: this.page.getByRole('heading', { name: title, exact: true }),
    });
  }

  /** Adds a work item at the bottom of a team board's column with its quick-add field. */
  async addWorkItem(column: string, title: string) {
    const field = this.column(column).getByLabel(`New work item in ${column}`);
    await field.fill(title);
    await field.press('Enter');
    await expect(this.column(column)).toContainText(title);
  }

  /** Opens a card's item page by its title. */
  async openCard(title: string) {
    await this.card(title).getByRole('link', { name: title, exact: true }).click();
    await expect(this.heading).toHaveText(title);
  }

  /** The id of a card, from its title's link to the item's page. */
  async cardId(title: string): Promise<string> {
    const href = await this.card(title).getByRole('link', { name: title, exact: true }).getAttribute('href');
    return href!.split('/').pop()!;
  }

  /** What a card's first line says: class of service (off a lane), type, days in the column, size. */
  meta(title: string): Locator {
    return this.card(title).locator(':scope > p').first();
  }

  /** The mark the stylesheet puts on work linked to nothing in the strategy, or "" for none. */
  unalignedMark(title: string): Promise<string> {
    return this.meta(title).evaluate((line) => getComputedStyle(line, '::after').content.replace(/^none$/, ''));
  }

  /**
   * Opens the move form of a card: with JavaScript its "Move…" opens the board's
   * move dialog; without, its title leads to its page, which has the move form.
   */
  async openMove(title: string): Promise<Locator> {
    const hydrated = await this.page.evaluate(() => document.body.dataset.hydrated === 'true');
    const link = hydrated ? `Move “${title}”` : title;
    await this.card(title).getByRole('link', { name: link, exact: true }).click();
    const form = hydrated
      ? this.page.getByRole('dialog', { name: `Move “${title}”` })
      : this.page.getByRole('region', { name: 'Move' });
    await expect(form).toBeVisible();
    return form;
  }

  /**
   * Moves a card to a column through its move form (with a reason, if given) and
   * comes back to the board.
   */
  async moveCard(title: string, toColumn: string, reason?: string) {
    const board = this.page.url();
    const form = await this.openMove(title);
    await form.getByLabel('Move to').selectOption({ label: toColumn });
    if (reason) await form.getByLabel('Reason, if the move goes over a WIP limit or finishes waiting work').fill(reason);
    await form.getByRole('button', { name: 'Move', exact: true }).click();
    if (this.page.url() !== board) {
      // Without JavaScript the move was made from the item's page.
      await expect(this.page.locator('.item-column')).toHaveText(toColumn);
      await this.page.goto(board);
    } else {
      await expect(form).toBeHidden();
    }
  }

  /**
   * Picks a card up by its top edge and holds it over a column's header until the
   * column shows it would take it (a release before that is lost on a busy machine).
   */
  async holdCardOver(title: string, toColumn: string) {
    const column = this.column(toColumn);
    const header = column.locator('.column-header');
    await this.card(title).hover({ position: { x: 30, y: 8 } });
    await this.page.mouse.down();
    // Chromium enters a drop target on the second move over it.
    await header.hover();
    await header.hover({ position: { x: 10, y: 10 } });
    await expect(column).toHaveClass(/drop-target/);
  }

  /** Drags a card by its top edge onto a column's header. */
  async dragCard(title: string, toColumn: string) {
    await this.holdCardOver(title, toColumn);
    await this.page.mouse.up();
  }

  /** Resolves once the WebAssembly has taken over the page. */
  async waitForHydration() {
    // The test build's WebAssembly is unoptimised: under load it takes seconds.
    await expect(this.page.locator('body')).toHaveAttribute('data-hydrated', 'true', {
      timeout: 20_000,
    });
    // A board's cards turn movable once its own script has run.
    const board = this.page.locator('section.board');
    if ((await board.count()) > 0) await expect(board).toHaveAttribute('data-live', 'true');
  }
}
