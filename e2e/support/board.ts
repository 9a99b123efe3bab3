import { expect, type Locator, type Page } from '@playwright/test';

/** Drags a board card with the mouse, the way a person does: press, move a little (dnd-kit starts), move, drop. */
export async function dragCard(page: Page, card: Locator, target: () => Locator) {
  await card.scrollIntoViewIfNeeded();
  const from = await card.boundingBox();
  if (!from) throw new Error('card not visible');
  const x = from.x + 24;
  const y = from.y + from.height - 14; // the amount line: not the title link
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 12, y + 12, { steps: 4 });
  const zone = target();
  await expect(zone).toBeVisible();
  const to = await zone.boundingBox();
  if (!to) throw new Error('drop target not visible');
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.move(to.x + to.width / 2 + 2, to.y + to.height / 2 + 2, { steps: 2 });
  await page.mouse.up();
}

/** A column of the mandates board, by stage code (lead, rdv, …, gagne, perdu). */
export const boardColumn = (page: Page, stage: string) => page.getByTestId(`column-${stage}`);
