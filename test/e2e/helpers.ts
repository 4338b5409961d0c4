/**
 * Steps many specs take to set the scene: people created by the administrator (through the
 * contract or the user drawer), another person signing in at the same console, contract calls as
 * the signed-in user, and picking an option of an antd Select.
 */
import type { Browser, Page } from '@playwright/test';
import type { Served } from '../support/serve';
import { expect } from './fixtures';

/** The temporary password the administrator gives, and the one each person replaces it with. */
export const TEMP = 'Temporary#2026';
export const OWN = 'MyOwn#Pass2026';

export interface RpcResult<T> {
  ok: boolean;
  value: T;
  error?: { code: string; message?: string; details?: { issues?: Array<{ path: string; message: string }> } };
}

/** A contract call from inside the page, as the signed-in user (cookie + tab secret); the answer as sent. */
export function rpc<T = unknown>(page: Page, method: string, input: unknown): Promise<RpcResult<T>> {
  return page.evaluate(
    ([m, i]) =>
      fetch(`/api/rpc/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-DAC-Secret': sessionStorage.getItem('dac.secret') ?? '' }, body: JSON.stringify(i) }).then((r) => r.json()),
    [method, input] as const,
  ) as Promise<RpcResult<T>>;
}

/** A contract call that must succeed: its value, or the test fails naming the method and the error. */
export async function rpcValue<T = unknown>(page: Page, method: string, input: unknown): Promise<T> {
  const r = await rpc<T>(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

export type Person = readonly [username: string, displayName: string, roles: readonly string[], regionScope: string];

/** The administrator (signed in on `page`) creates people with the temporary password, through the contract. */
export async function createUsers(page: Page, people: readonly Person[]): Promise<void> {
  for (const [username, displayName, roles, regionScope] of people) await rpcValue(page, 'users.create', { username, displayName, roles, regionScope, temporaryPassword: TEMP });
}

/**
 * The administrator (on the user page of 系统管理) creates one person in the user drawer. `beforeSave`
 * runs with the drawer filled in (a department to pick, a screenshot).
 */
export async function createUserInDrawer(
  page: Page,
  user: { username: string; displayName: string; role: string; region: string; regionCode: string },
  beforeSave?: () => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: '新建用户' }).click();
  const drawer = page.getByTestId('user-drawer');
  await drawer.getByLabel('用户名').fill(user.username);
  await drawer.getByLabel('姓名').fill(user.displayName);
  await drawer.getByRole('checkbox', { name: user.role }).check();
  await drawer.getByTestId('region-tree-select').click();
  await page.keyboard.type(user.region);
  await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: user.regionCode }).first().click();
  await drawer.getByLabel('临时密码', { exact: true }).fill(TEMP);
  await drawer.getByLabel('确认密码').fill(TEMP);
  await beforeSave?.();
  await drawer.getByRole('button', { name: /保\s*存/ }).click();
  await expect(drawer).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: user.username })).toContainText('待改密');
}

/**
 * Another person at the same console, in a browser profile of their own: signs in with the
 * temporary password and replaces it, as the console requires on the first sign-in.
 */
export async function asUser(browser: Browser, served: Served, username: string, options: { height?: number } = {}): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: options.height ?? 768 } })).newPage();
  await page.goto(served.url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(TEMP);
  await page.getByLabel('密码').press('Enter');
  await expect(page.getByText('管理员为您设置了临时密码')).toBeVisible();
  await page.getByLabel('当前密码').fill(TEMP);
  await page.getByLabel('新密码', { exact: true }).fill(OWN);
  await page.getByLabel('确认新密码').fill(OWN);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  return page;
}

/** Picks an option of an antd Select by the combobox's accessible name; the dropdown just opened is the last one. */
export async function choose(page: Page, combobox: string, option: string): Promise<void> {
  const select = page.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: combobox, exact: true }) });
  await select.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  await expect(select).toContainText(option);
}

/** Opens a page of the console; a hash route equal to the current one does not reload by itself. */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.reload();
}
