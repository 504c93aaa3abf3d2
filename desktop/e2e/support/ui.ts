import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** What a person at the counter does, step by step, through the visible UI only. */
export async function enrolThroughUi(page: Page, serverUrl: string, code: string): Promise<void> {
  await page.getByLabel('Server address').fill(serverUrl);
  await page.getByLabel('Enrolment code').fill(code);
  await page.getByLabel('Name of this PC').fill('Front counter');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

export async function signIn(page: Page, email: string, password: string, pin?: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const pinDialog = page.getByRole('dialog', { name: 'Set a PIN for offline sign-in' });
  const refused = page.locator('.form-error');
  await pinDialog.or(refused).first().waitFor();
  if (await refused.count()) throw new Error(`sign-in refused: ${await refused.textContent()}`);
  if (pin) {
    await pinDialog.getByLabel('New PIN').fill(pin);
    await pinDialog.getByLabel('Repeat PIN').fill(pin);
    await pinDialog.getByRole('button', { name: 'Save PIN' }).click();
  } else {
    await pinDialog.getByRole('button', { name: 'Not now' }).click();
  }
  await pinDialog.waitFor({ state: 'detached' });
}

export async function search(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+k');
  const box = page.getByRole('searchbox', { name: 'Search customers, vehicles and jobs' });
  await expect.poll(() => box.evaluate((element) => element === document.activeElement)).toBe(true);
  await box.fill(text);
}

export function searchHits(page: Page) {
  return page.locator('#search-results [role=option]');
}

export async function pendingText(page: Page): Promise<string> {
  return (await page.getByTestId('pending-count').textContent()) ?? '';
}

/** "3 waiting to sync" → 3; "all saved to server" → 0. */
export async function pendingCount(page: Page): Promise<number> {
  const match = /(\d+) waiting/.exec(await pendingText(page));
  return match ? Number(match[1]) : 0;
}
