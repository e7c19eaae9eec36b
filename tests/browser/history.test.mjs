// history.test.mjs — the 2025 reform in Chromium (`tiendo init --demo --reform`):
// the province user opens "Sắp xếp đơn vị", finds Lạng Giang in the history-aware
// picker (the abolished district and the new commune, each with its dates),
// drills into the old tree of 30/06/2025, comes back to the new Bắc Ninh on
// today's tree with the old units' data carried, and sees the commune map: 99
// polygons on a plain background, coloured by achievement, with no script or
// style refused by the content security policy. The user of a commune merged
// into the new Xã Lạng Giang sees it, and is told it may not see Phường Yên Dũng.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, newPage, signIn, screenshot } from './helpers.mjs';

let server;
let browser;
let plan;   // DA-RACTHAI

before(async () => {
  server = await startServer({ initArgs: ['--reform'] });
  browser = await launch();
  const c = new Client(server.url);
  await c.login('tinh.phunu', DEMO_PASSWORD);
  const plans = await c.get('/api/v1/plans?limit=100');
  plan = plans.body.items.find((p) => p.code === 'DA-RACTHAI');
  assert.ok(plan);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the picker knows history, both trees drill down, and the map shows the new province', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'tinh.phunu', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Sắp xếp đơn vị' }).first().click();
  await page.getByRole('heading', { name: 'Đơn vị hành chính qua các lần sắp xếp' }).waitFor();

  // the picker lists the abolished district and the new commune with their dates
  await page.getByLabel('Đơn vị (mọi thời kỳ)').fill('lạng giang');
  const district = page.getByRole('option', { name: /Huyện Lạng Giang \(đến 30\/06\/2025\)/ });
  await district.waitFor();
  await page.getByRole('option', { name: /Xã Lạng Giang \(từ 01\/07\/2025\)/ }).waitFor();
  await district.click();

  // the old tree of 30/06/2025: the district with its communes
  await page.locator('.history-unit', { hasText: 'Huyện Lạng Giang (đến 30/06/2025)' }).waitFor();
  assert.equal(await page.getByLabel('Cây đơn vị ngày').isChecked(), true);
  await page.getByRole('link', { name: 'Thị trấn Vôi (đến 30/06/2025)' }).first().waitFor();
  // what became of it, by which act
  await page.getByText('202/2025/QH15', { exact: false }).first().waitFor();

  // the new province on today's tree, DA-RACTHAI, 2025
  await page.goto(`${server.url}/#/history?unit=24&plan=${plan.id}&period=2025`);
  await page.locator('.history-unit', { hasText: 'Tỉnh Bắc Ninh (từ 01/07/2025)' }).waitFor();
  assert.equal(await page.getByLabel('Cây đơn vị hiện nay').isChecked(), true);
  await page.getByText('Gồm số liệu của đơn vị cũ').first().waitFor();
  const map = page.locator('.history-map');
  await map.locator('path.leaflet-interactive').first().waitFor({ timeout: 20000 });
  assert.equal(await map.locator('path.leaflet-interactive').count(), 99);
  assert.equal(await map.locator('img.leaflet-tile').count(), 0, 'no tiles');
  // coloured by achievement: the communes that carry demo data are not all grey
  const fills = await map.locator('path.leaflet-interactive').evaluateAll((ps) => ps.map((p) => p.getAttribute('fill')));
  assert.ok(fills.some((f) => f && f !== '#c9ced6'), `some commune coloured: ${[...new Set(fills)].join(',')}`);
  // a click on a commune drills down to it
  await page.getByRole('link', { name: 'Xã Lạng Giang (từ 01/07/2025)' }).click();
  await page.locator('.history-unit', { hasText: 'Xã Lạng Giang (từ 01/07/2025)' }).waitFor();
  await page.getByRole('cell', { name: /Thị trấn Vôi \(đến 30\/06\/2025\)/ }).first().waitFor();
  await screenshot(page, 'history-commune');
  assert.deepEqual(page.errors, []);
});

test('a user of another commune may not see the new Phường Yên Dũng', async () => {
  // voi.phunu's organisation moved with Vôi into the new Xã Lạng Giang
  const page = await newPage(browser);
  await signIn(page, server.url, 'voi.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/history?unit=07375&plan=${plan.id}&period=2025`);
  await page.locator('.history-unit', { hasText: 'Xã Lạng Giang (từ 01/07/2025)' }).waitFor();
  await page.goto(`${server.url}/#/history?unit=07681&plan=${plan.id}&period=2025`);
  await page.getByText('Bạn không có quyền xem số liệu của đơn vị này.').waitFor();
  assert.deepEqual(page.errors, []);
});
