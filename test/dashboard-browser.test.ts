import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, SCREENSHOTS } from './support/browser';
import { createTestEnv, type TestEnv } from './support/env';
import { serveDashboard, type ServedDashboard } from './support/dashboard';
import { login } from './support/world';
import { seedDemo } from '../server/seed/demo';
import { DEMO_PASSWORD } from '../server/seed/users';
import {
  AlertsDocument,
  AssignMentorDocument,
  MeDocument,
  PostingDocument,
  PostingsDocument,
  ProgrammeOverviewDocument,
  UnitDocument,
  UnitPostingsReceivedDocument,
  type PostingFilter,
} from '../sdk/src';

/**
 * The reference dashboard (sdk/examples/dashboard) in Debian's Chromium against a server with the
 * demo data: what the organisation department (admin), a unit's manager (manager) and an analyst
 * (analyst) see, checked against the API's own answers for the same viewer. Screenshots land in
 * test/screenshots/ (gitignored), dashboard-*.png, for a person to look at: empty charts, boxes for
 * Chinese, cut text.
 */
/** The dashboard's page sizes (PostingsPage, AlertsPage). */
const POSTINGS_PAGE = 25;
const ALERTS_PAGE = 20;
const YEAR = new Date().getFullYear();

jest.setTimeout(120_000);

let env: TestEnv;
let dashboard: ServedDashboard;
let browser: Browser;
let adminToken = '';
/** Console errors and warnings, uncaught exceptions and failed requests, in order. */
const problems: string[] = [];

async function openAs(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`${username} console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${username} page error: ${e.message}`));
  await page.goto(dashboard.url);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.click('form button[type=submit]');
  await page.waitForSelector(`[data-testid=signed-in-as] >> text=${username}`);
  return { context, page };
}

function shoot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

/** Goes to a page of the dashboard (its hash route), as a click on a link would. */
async function visit(page: Page, route: string): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), route);
}

/** The `data-posting-id`s of the rows of the list `testId`, in order. */
function rowIds(page: Page, testId: string): Promise<string[]> {
  return page
    .locator(`[data-testid=${testId}] tbody tr`)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-posting-id') ?? ''));
}

async function apiPostings(token: string, filter: PostingFilter = {}, first = POSTINGS_PAGE * 2) {
  const res = await env.graphql(PostingsDocument, { first, filter }, token);
  // A cadre a manager may no longer read is null with FORBIDDEN at its path; nothing else fails.
  expect((res.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN')).toEqual([]);
  return res.data!.postings;
}

/** Waits for the postings list to say it shows `shown` of `total`. */
async function waitForPostings(page: Page, total: number, shown: number): Promise<void> {
  await page.waitForSelector(`[data-testid=postings-count][data-total="${total}"]`);
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=postings] tbody tr').length === n,
    shown,
  );
}

/** Share of a canvas's pixels that are drawn (not transparent, not white): 0 for an empty chart. */
function inked(page: Page, testId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid=${id}] canvas`) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) drawn++;
    return drawn / (data.length / 4);
  }, testId);
}

beforeAll(async () => {
  browser = await launchChromium('dashboard');
  env = await createTestEnv();
  // The demo data through the services, then the dashboard built against this server.
  await seedDemo(env.dataSource);
  dashboard = await serveDashboard(env.baseUrl);
  adminToken = await login(env, 'admin', DEMO_PASSWORD);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await env?.close();
});

describe('the dashboard as the organisation department (admin, ORG_ADMIN)', () => {
  let page: Page;
  let context: BrowserContext;
  beforeAll(async () => {
    ({ page, context } = await openAs('admin'));
  });
  afterAll(() => context?.close());

  it('overview: both charts drawn, every figure the API’s programmeOverview', async () => {
    const api = (await env.graphql(ProgrammeOverviewDocument, { year: YEAR }, adminToken)).data!
      .programmeOverview;
    expect(api.postingsByType.length).toBeGreaterThan(0);
    expect(api.openAlerts.length).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid=chart-postings-by-type] canvas');
    await page.waitForSelector('[data-testid=chart-open-alerts] canvas');
    const figures = (rows: string) =>
      page
        .locator(rows)
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.getAttribute('data-type') ?? tr.getAttribute('data-kind'),
            ...Array.from(tr.querySelectorAll('[data-field]')).map((td) => td.textContent),
          ]),
        );
    const text = (n: number | null) => (n === null ? '—' : String(n));
    expect(await figures('[data-testid=postings-by-type] tbody tr')).toEqual(
      api.postingsByType.map((r) => [r.type, text(r.started), text(r.active), text(r.completed)]),
    );
    expect(await figures('[data-testid=open-alerts] tbody tr')).toEqual(
      api.openAlerts.map((a) => [a.kind, text(a.count)]),
    );
    await expect(page.locator('[data-testid=reserve-pool] strong').innerText()).resolves.toBe(
      text(api.reservePool.size),
    );
    // The charts are drawn (after ECharts' entry animation), with Chinese labels in the table.
    await page.waitForTimeout(1500);
    expect(await inked(page, 'chart-postings-by-type')).toBeGreaterThan(0.01);
    expect(await inked(page, 'chart-open-alerts')).toBeGreaterThan(0.01);
    await expect(page.locator('[data-testid=postings-by-type]').innerText()).resolves.toContain(
      '下派基层',
    );
    await shoot(page, 'dashboard-1-overview.png');
  });

  it('alerts by kind, as many as the API lists, and 阅知 shows on the row', async () => {
    const overview = (await env.graphql(ProgrammeOverviewDocument, { year: YEAR }, adminToken))
      .data!.programmeOverview;
    const all = (await env.graphql(AlertsDocument, { first: 1 }, adminToken)).data!.alerts;
    await visit(page, '#/alerts');
    await page.waitForSelector(`[data-testid=alerts-total][data-total="${all.totalCount}"]`);
    expect(await page.locator('[data-testid=alerts] tbody tr').count()).toBe(
      Math.min(ALERTS_PAGE, all.totalCount),
    );
    const chips = await page
      .locator('[data-testid=alert-kinds] a[data-kind]')
      .evaluateAll((as) =>
        as.map((a) => [a.getAttribute('data-kind'), a.getAttribute('data-count')]),
      );
    expect(chips).toEqual(overview.openAlerts.map((a) => [a.kind, String(a.count)]));

    // One kind: only its alerts, as many as counted.
    const kind = overview.openAlerts.find((a) => (a.count ?? 0) > 1)!;
    await page.click(`[data-testid=alert-kinds] a[data-kind=${kind.kind}]`);
    await page.waitForSelector(`[data-testid=alerts-total][data-total="${kind.count}"]`);
    await page.waitForFunction((k) => {
      const rows = Array.from(document.querySelectorAll('[data-testid=alerts] tbody tr'));
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-kind') === k);
    }, kind.kind);

    const row = page.locator('[data-testid=alerts] tbody tr[data-acknowledged=false]').first();
    const alertId = (await row.getAttribute('data-alert-id'))!;
    await row.locator('button').click();
    await page.waitForSelector(
      `[data-testid=alerts] tr[data-alert-id="${alertId}"] [data-testid=acknowledged]`,
    );
    const acknowledged = (
      await env.graphql(
        AlertsDocument,
        { first: 100, filter: { kinds: [kind.kind], acknowledged: true } },
        adminToken,
      )
    ).data!.alerts.edges.map((e) => e.node);
    expect(acknowledged.find((a) => a.id === alertId)?.acknowledgementNote).toBe('已阅知（看板）');
    await shoot(page, 'dashboard-2-alerts.png');
  });

  it('postings: the API’s list page by page as it scrolls, and its filters', async () => {
    const api = await apiPostings(adminToken);
    expect(api.totalCount).toBeGreaterThan(POSTINGS_PAGE * 2);
    // Low enough that one page of rows overflows it whatever the fonts' line height: at 900 px
    // and without CJK fonts (shorter rows) the sentinel was in view at once and page 2 came
    // unasked.
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: viewport.width, height: 600 });
    await visit(page, '#/postings');
    await waitForPostings(page, api.totalCount, POSTINGS_PAGE);
    // Scrolled to the end of the first page, the second one comes (no button to press).
    await page.locator('[data-testid=scroll-sentinel]').scrollIntoViewIfNeeded();
    await waitForPostings(page, api.totalCount, POSTINGS_PAGE * 2);
    expect(await rowIds(page, 'postings')).toEqual(api.edges.map((e) => e.node.id));

    const filter: PostingFilter = { status: ['ACTIVE'], type: ['FRONTLINE'] };
    const filtered = await apiPostings(adminToken, filter);
    expect(filtered.totalCount).toBeGreaterThan(0);
    await page.selectOption('select[name=status]', 'ACTIVE');
    await page.selectOption('select[name=type]', 'FRONTLINE');
    await waitForPostings(page, filtered.totalCount, Math.min(POSTINGS_PAGE, filtered.totalCount));
    expect(await rowIds(page, 'postings')).toEqual(
      filtered.edges.slice(0, POSTINGS_PAGE).map((e) => e.node.id),
    );
    expect(page.url()).toContain('status=ACTIVE');
    await shoot(page, 'dashboard-3-postings.png');
    await page.setViewportSize(viewport);
  });

  it('a posting’s page: cadre, mentor, reports, evaluations and alerts, as the API has them', async () => {
    // A posting with something in every section: an open alert, a mentor, reports, evaluations.
    const alerts = (await env.graphql(AlertsDocument, { first: 100 }, adminToken)).data!.alerts;
    let chosen: NonNullable<Awaited<ReturnType<typeof postingOf>>> | null = null;
    for (const id of new Set(alerts.edges.map((e) => e.node.posting?.id))) {
      const posting = await postingOf(id!);
      if (
        posting?.mentorship?.mentor &&
        posting.feedbackReports.totalCount > 0 &&
        posting.evaluations.totalCount > 0
      ) {
        chosen = posting;
        break;
      }
    }
    expect(chosen).not.toBeNull();
    const posting = chosen!;
    const openAlerts = alerts.edges.filter((e) => e.node.posting?.id === posting.id).length;
    await visit(page, `#/postings/${posting.id}`);
    await page.waitForSelector(`[data-testid=posting][data-posting-id="${posting.id}"]`);
    await expect(page.locator('[data-testid=posting] h2').innerText()).resolves.toContain(
      posting.cadre!.name,
    );
    await expect(page.locator('[data-testid=mentor]').innerText()).resolves.toContain(
      posting.mentorship!.mentor!.name,
    );
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=posting-alerts] tr').length === n,
      openAlerts,
    );
    expect(await page.locator('[data-testid=reports] tbody tr').count()).toBe(
      posting.feedbackReports.nodes.length,
    );
    expect(await page.locator('[data-testid=evaluations] tbody tr').count()).toBe(
      posting.evaluations.nodes.length,
    );
    await shoot(page, 'dashboard-4-posting.png');

    // Its receiving unit's page, one click away.
    const unitId = posting.receivingUnit.id;
    const [unit, received] = await Promise.all([
      env.graphql(UnitDocument, { id: unitId }, adminToken),
      env.graphql(UnitPostingsReceivedDocument, { id: unitId, first: 1 }, adminToken),
    ]);
    const u = unit.data!.unit as { name: string; leadershipTeam: { nodes: unknown[] } };
    const receivedTotal = (received.data!.unit as { postingsReceived: { totalCount: number } })
      .postingsReceived.totalCount;
    await page.click(`[data-testid=posting] a[href="#/units/${encodeURIComponent(unitId)}"]`);
    await page.waitForSelector(`[data-testid=unit][data-unit-id="${unitId}"]`);
    await expect(page.locator('[data-testid=unit] h2').innerText()).resolves.toBe(u.name);
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-testid=postings-received] tbody tr').length ===
        Math.min(10, n),
      receivedTotal,
    );
    await expect(page.locator('[data-testid=unit]').innerText()).resolves.toContain(
      `(${receivedTotal})`,
    );
    expect(await page.locator('[data-testid=leadership] li').count()).toBe(
      u.leadershipTeam.nodes.length,
    );
    await shoot(page, 'dashboard-5-unit.png');
  });

  it('live: an alert cleared through the API leaves the list, without a reload', async () => {
    // A posting without a mentor after the deadline (两不管): giving it one clears the alert.
    const unmanaged = (
      await env.graphql(
        AlertsDocument,
        { first: 100, filter: { kinds: ['UNMANAGED_POSTING'] } },
        adminToken,
      )
    ).data!.alerts.edges.map((e) => e.node);
    let target: { alertId: string; postingId: string; mentorId: string } | null = null;
    for (const alert of unmanaged) {
      const posting = await postingOf(alert.posting!.id);
      if (posting?.mentorship) continue;
      const unit = (await env.graphql(UnitDocument, { id: posting!.receivingUnit.id }, adminToken))
        .data!.unit as { leadershipTeam: { nodes: { id: string }[] } };
      const mentor = unit.leadershipTeam.nodes[0];
      if (mentor) target = { alertId: alert.id, postingId: posting!.id, mentorId: mentor.id };
      if (target) break;
    }
    expect(target).not.toBeNull();
    const { alertId, postingId, mentorId } = target!;

    await visit(page, '#/alerts?kind=UNMANAGED_POSTING');
    await page.waitForSelector(`[data-testid=alerts] tr[data-alert-id="${alertId}"]`);
    // The subscription is open (it opened at sign-in; earlier tests' changes may have come).
    await page.waitForSelector(
      '[data-testid=live-status]:is([data-status=pending], [data-status=receiving])',
    );
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const count = Number(
      await page.locator('[data-testid=alerts-total]').getAttribute('data-total'),
    );

    const assigned = await env.graphql(
      AssignMentorDocument,
      { input: { postingId, mentorId } },
      adminToken,
    );
    expect(assigned.data?.assignMentor.userErrors).toEqual([]);
    await page.waitForSelector(
      `[data-testid=live-feed] li[data-alert-id="${alertId}"][data-change=CLEARED]`,
      { timeout: 20_000 },
    );
    await page.waitForSelector(`[data-testid=alerts] tr[data-alert-id="${alertId}"]`, {
      state: 'detached',
    });
    await page.waitForSelector(`[data-testid=alerts-total][data-total="${count - 1}"]`);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
      true,
    );
    await shoot(page, 'dashboard-6-live-cleared.png');
    expect(problems).toEqual([]);
  });
});

describe('the dashboard as a unit manager (manager, UNIT_MANAGER)', () => {
  let page: Page;
  let context: BrowserContext;
  let token = '';
  let unitId = '';
  beforeAll(async () => {
    ({ page, context } = await openAs('manager'));
    token = await login(env, 'manager', DEMO_PASSWORD);
    unitId = (await env.graphql(MeDocument, {}, token)).data!.me.unit!.id;
  });
  afterAll(() => context?.close());

  it('lists exactly the postings the API gives this manager: their unit’s, none of others', async () => {
    const mine = await apiPostings(token, {}, 100);
    const everyone = await apiPostings(adminToken, {}, 100);
    expect(mine.totalCount).toBeGreaterThan(0);
    expect(mine.totalCount).toBeLessThan(everyone.totalCount);
    await visit(page, '#/postings');
    await waitForPostings(page, mine.totalCount, Math.min(POSTINGS_PAGE, mine.totalCount));
    while ((await rowIds(page, 'postings')).length < mine.totalCount) {
      await page.locator('[data-testid=scroll-sentinel]').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
    }
    expect(await rowIds(page, 'postings')).toEqual(mine.edges.map((e) => e.node.id));
    // Every row is sent or received by the manager's unit.
    const units = await page
      .locator('[data-testid=postings] tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) =>
          Array.from(r.querySelectorAll('a[data-unit-id]')).map((a) =>
            a.getAttribute('data-unit-id'),
          ),
        ),
      );
    for (const pair of units) expect(pair).toContain(unitId);
    // A cadre the manager may no longer read shows as such, not as an error for the whole list.
    await expect(page.locator('[data-testid=postings]').innerText()).resolves.not.toContain(
      '出错了',
    );
    await shoot(page, 'dashboard-7-manager-postings.png');

    // Another unit's posting, asked for by its address: not found, nothing of it shown.
    const other = everyone.edges
      .map((e) => e.node)
      .find((p) => p.sendingUnit.id !== unitId && p.receivingUnit.id !== unitId)!;
    await visit(page, `#/postings/${other.id}`);
    await page.waitForSelector('[role=alert]');
    const shown = await page.locator('main').innerText();
    expect(shown).not.toContain(other.cadre!.name);
    expect(shown).not.toContain(other.receivingUnit.name);
  });

  it('sees their unit’s alerts only, and reads the dashboard in English', async () => {
    const alerts = (await env.graphql(AlertsDocument, { first: 1 }, token)).data!.alerts;
    const all = (await env.graphql(AlertsDocument, { first: 1 }, adminToken)).data!.alerts;
    expect(alerts.totalCount).toBeLessThan(all.totalCount);
    await visit(page, '#/alerts');
    await page.waitForSelector(`[data-testid=alerts-total][data-total="${alerts.totalCount}"]`);
    await page.click('header button:has-text("English")');
    await expect(page.locator('header nav').innerText()).resolves.toMatch(
      /Overview\s+Alerts\s+Postings/,
    );
    await expect(page.locator('main h2').first().innerText()).resolves.toBe('Alerts');
    await shoot(page, 'dashboard-8-manager-alerts-english.png');
    expect(problems).toEqual([]);
  });
});

describe('the dashboard as an analyst (analyst, ANALYST)', () => {
  let page: Page;
  let context: BrowserContext;
  let token = '';
  beforeAll(async () => {
    ({ page, context } = await openAs('analyst'));
    token = await login(env, 'analyst', DEMO_PASSWORD);
  });
  afterAll(() => context?.close());

  it('overview: with kinds withheld, 当前预警 is the shown kinds’ sum as a lower bound', async () => {
    const api = (await env.graphql(ProgrammeOverviewDocument, { year: YEAR }, token)).data!
      .programmeOverview;
    // The demo data has alert kinds of too few cadres for an analyst: the case this guards.
    const withheld = api.openAlerts.filter((a) => a.suppressed);
    expect(withheld.length).toBeGreaterThan(0);
    const shown = api.openAlerts.reduce((n, a) => n + (a.count ?? 0), 0);
    const card = page.locator('[data-testid=open-alerts-total]');
    await card.waitFor();
    await expect(card.locator('strong').innerText()).resolves.toBe(`≥ ${shown}`);
    await expect(card.innerText()).resolves.toContain('部分类别因人数过少不显示');
    // Each withheld kind is marked in the table, its count a dash.
    for (const a of withheld)
      await expect(
        page.locator(`[data-testid=open-alerts] tr[data-kind=${a.kind}]`).innerText(),
      ).resolves.toMatch(/（已抑制）\s+—/);
    await shoot(page, 'dashboard-9-analyst-overview.png');
  });

  it('alerts: every alert listed, withheld kinds say so, and no 阅知 to press', async () => {
    const all = (await env.graphql(AlertsDocument, { first: 1 }, token)).data!.alerts;
    expect(all.totalCount).toBeGreaterThan(0);
    await visit(page, '#/alerts');
    await page.waitForSelector(`[data-testid=alerts-total][data-total="${all.totalCount}"]`);
    const chips = await page
      .locator('[data-testid=alert-kinds] a[data-count=""]')
      .evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('title')]));
    expect(chips.length).toBeGreaterThan(0);
    for (const [text, title] of chips) {
      expect(text).toContain('（已抑制）');
      expect(title).toBe('人数过少，不显示');
    }
    expect(await page.locator('[data-testid=alerts] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=alerts] button').count()).toBe(0);
    await shoot(page, 'dashboard-10-analyst-alerts.png');
  });

  it('at 1300 px dates keep to one line; an empty section of a posting says 无', async () => {
    await page.setViewportSize({ width: 1300, height: 900 });
    await visit(page, '#/postings');
    await page.waitForSelector('[data-testid=postings] tbody tr');
    const heights = await page.locator('[data-testid=postings] tbody td.date').evaluateAll((tds) =>
      tds.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return range.getClientRects().length;
      }),
    );
    expect(heights.length).toBeGreaterThan(0);
    expect(heights.every((lines) => lines === 1)).toBe(true);
    await shoot(page, 'dashboard-11-analyst-postings-1300.png');

    // A posting not yet evaluated: one not begun, else the first on site without an evaluation.
    const postings = await apiPostings(adminToken, { status: ['PLANNED', 'ACTIVE'] }, 100);
    let bare = null;
    for (const { node } of postings.edges) {
      const posting = (await postingOf(node.id))!;
      if (posting.evaluations.totalCount === 0) {
        bare = posting;
        break;
      }
    }
    expect(bare).not.toBeNull();
    await visit(page, `#/postings/${bare!.id}`);
    await page.waitForSelector(`[data-testid=posting][data-posting-id="${bare!.id}"]`);
    await expect(page.locator('[data-testid=posting]').innerText()).resolves.toMatch(
      /考核 \(0\)\s+无/,
    );
    expect(await page.locator('[data-testid=evaluations]').count()).toBe(0);
    await expect(page.locator('[data-testid=posting] dl').first().innerText()).resolves.toContain(
      '任职期间',
    );
    await shoot(page, 'dashboard-12-analyst-posting-empty.png');
    expect(problems).toEqual([]);
  });
});

async function postingOf(id: string) {
  const res = await env.graphql(PostingDocument, { id }, adminToken);
  const posting = res.data?.posting;
  return posting && 'id' in posting ? posting : null;
}
