import { expect, type Locator, type Page } from '@playwright/test';

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
    await this.page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name }).click();
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
    return this.page.locator('article.card').filter({
      has: this.page.getByRole('heading', { name: title, exact: true }),
    });
  }

  /** Resolves once the WebAssembly has taken over the page. */
  async waitForHydration() {
    await expect(this.page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}
