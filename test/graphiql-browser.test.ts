import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, SCREENSHOTS } from './support/browser';
import { createTestEnv, type TestEnv } from './support/env';
import { Role } from '../server/common/role';
import { PostingType } from '../server/modules/posting/posting-type';
import { AdminLevel, UnitKind } from '../server/modules/unit/unit.entity';
import { CreateApiKeyDocument, MeDocument, RevokeApiKeyDocument } from '../sdk/src';
import { EXAMPLE_TABS } from '../server/graphiql/examples';
import { cadre, login, PASSWORD, posting, unit, user } from './support/world';

/**
 * GraphiQL as an analyst meets it, in Debian's Chromium: a clean first load, the sign-in form, an
 * example tab run, what the result shows and hides. Screenshots land in test/screenshots/
 * (gitignored) for a person to look at: cut text, tofu boxes for Chinese, overlapping panels.
 */
/** Figures of fewer cadres than this are withheld from analysts (policy default). */
const MIN_CELL_SIZE = 3;

jest.setTimeout(120_000);

let env: TestEnv;
let browser: Browser;
let page: Page;
/** Console errors and warnings, uncaught exceptions and failed requests, in order. */
const problems: string[] = [];
/** The token the sign-in form got, read off the page's own request. */
let analystToken = '';
/** The API key the page signs in with, revoked by the last test. */
let apiKeyId = '';

/** The text of the CodeMirror editor under `selector` (its DOM holds only the visible lines). */
function editorText(selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel) as
      (Element & { CodeMirror?: { getValue(): string } }) | null;
    if (!el?.CodeMirror) throw new Error(`no editor at ${sel}`);
    return el.CodeMirror.getValue();
  }, `${selector} .CodeMirror`);
}

/** Runs the active tab and returns the result panel's text once the answer has arrived. */
async function runActiveTab(): Promise<string> {
  const answered = page.waitForResponse(
    (r) =>
      r.url().endsWith('/graphql') &&
      r.request().method() === 'POST' &&
      !/IntrospectionQuery/.test(r.request().postData() ?? ''),
  );
  await page.click('.graphiql-execute-button');
  await answered;
  await page.waitForFunction(() => {
    const el = document.querySelector('.result-window .CodeMirror') as
      (Element & { CodeMirror?: { getValue(): string } }) | null;
    return (el?.CodeMirror?.getValue() ?? '').trim().startsWith('{');
  });
  return editorText('.result-window');
}

/**
 * Opens an example tab. GraphiQL reads the operation name from the editor after a 100 ms debounce;
 * a run sooner would send the previous tab's name (as a person clicking that fast would).
 */
async function openTab(operation: string): Promise<void> {
  await page.click(`.graphiql-tab >> text=${operation}`);
  await page.waitForFunction((name) => {
    const el = document.querySelector('.graphiql-query-editor .CodeMirror') as
      (Element & { CodeMirror?: { getValue(): string } }) | null;
    return el?.CodeMirror?.getValue().includes(`query ${name}`) ?? false;
  }, operation);
  await page.waitForTimeout(300);
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

beforeAll(async () => {
  browser = await launchChromium('GraphiQL');
  env = await createTestEnv();
  // Cells of at least MIN_CELL_SIZE cadres each, so analysts see figures and not only nulls:
  // six active downward postings and three active upward ones, each of a cadre of its own.
  const ds = env.dataSource;
  const county = await unit(ds, { name: '青山县人民政府' });
  const township = await unit(ds, {
    name: '青山镇人民政府',
    kind: UnitKind.TOWNSHIP,
    adminLevel: AdminLevel.TOWNSHIP,
    parentId: county.id,
  });
  const names = ['周婷', '吴磊', '郑凯', '孙悦', '李明', '张丽', '刘洋', '赵敏', '陈志强'];
  for (const [i, name] of names.entries()) {
    const upward = i >= 6;
    const c = await cadre(ds, { name, homeUnitId: upward ? township.id : county.id });
    await posting(ds, {
      cadreId: c.id,
      sendingUnitId: upward ? township.id : county.id,
      receivingUnitId: upward ? county.id : township.id,
      type: upward ? PostingType.UPWARD : PostingType.DOWNWARD,
    });
  }
  await user(ds, 'analyst', Role.ANALYST);
  await user(ds, 'admin', Role.ORG_ADMIN);
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) =>
    problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`),
  );
});

afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('GraphiQL example tabs', () => {
  it('each runs without an error for the org department', async () => {
    const token = await login(env, 'admin');
    for (const tab of EXAMPLE_TABS) {
      const variables = tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : {};
      const res = await env.rawGraphql(tab.query, variables, token);
      expect({ tab: tab.concept, errors: res.errors }).toEqual({
        tab: tab.concept,
        errors: undefined,
      });
      expect({ tab: tab.concept, status: res.status }).toEqual({ tab: tab.concept, status: 200 });
    }
  });
});

describe('GraphiQL in a browser', () => {
  it('opens clean: no console error, the example tabs, readable wrapped welcome text', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.goto(`${env.baseUrl}/graphql`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.graphiql-container .graphiql-tab');

    expect(problems).toEqual([]);
    // Signed out, GraphiQL does not introspect (it would only be told UNAUTHENTICATED).
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    const tabs = await page.locator('.graphiql-tab').allInnerTexts();
    expect(tabs.map((t) => t.trim())).toEqual([
      'Postings',
      'Alerts',
      'Statistics',
      'CadreTimeline',
      'AuditTrail',
    ]);
    const welcome = await editorText('.graphiql-query-editor');
    expect(welcome).toContain('欢迎使用挂职管理系统');

    // Long lines wrap inside the editor instead of running off its edge.
    const layout = await page.evaluate(() => {
      const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as Element & {
        CodeMirror: { getOption(name: string): unknown };
      };
      const scroller = editor.querySelector('.CodeMirror-scroll') as HTMLElement;
      return {
        wrapping: editor.CodeMirror.getOption('lineWrapping'),
        overflow: scroller.scrollWidth - scroller.clientWidth,
        font: getComputedStyle(editor).fontFamily,
      };
    });
    expect(layout.wrapping).toBe(true);
    expect(layout.overflow).toBeLessThanOrEqual(1);
    expect(layout.font).toContain('Noto Sans CJK SC');
    // One screen: nothing scrolls the page, and the sign-in bar sits above GraphiQL.
    const page_ = await page.evaluate(() => ({
      scroll: document.documentElement.scrollHeight - window.innerHeight,
      barBottom: document.querySelector('.guazhi-bar')!.getBoundingClientRect().bottom,
      graphiqlTop: document.querySelector('.graphiql-container')!.getBoundingClientRect().top,
    }));
    expect(page_.scroll).toBeLessThanOrEqual(0);
    expect(page_.graphiqlTop).toBeGreaterThanOrEqual(page_.barBottom);
    await shoot('graphiql-1-first-load.png');
  });

  it('signs in as an analyst through the form and loads the schema by itself', async () => {
    const introspected = page.waitForResponse(
      (r) =>
        r.url().endsWith('/graphql') && /IntrospectionQuery/.test(r.request().postData() ?? ''),
    );
    await page.fill('input[name=username]', 'analyst');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('form.guazhi-signin button[type=submit]');
    await expect(page.locator('[data-testid=signed-in-as]').innerText()).resolves.toContain(
      'analyst (ANALYST)',
    );
    const introspection = await introspected;
    expect(introspection.request().headers().authorization).toMatch(/^Bearer ey/);
    analystToken = introspection.request().headers().authorization!.slice('Bearer '.length);
    expect(((await introspection.json()) as { data?: unknown }).data).toBeTruthy();

    // The explorer plugin lists the schema's queries once it has them.
    await page.click('button[aria-label="Show GraphiQL Explorer"]');
    await page.waitForSelector('.graphiql-explorer-root >> text=statistics');
    // It opens at its top, title in view (graphiql-explorer would scroll to an input it focuses).
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.querySelector('.graphiql-plugin')!.scrollTop)).toBe(
      0,
    );

    // The token stays in memory: not in web storage, not in the Headers tab.
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    expect(stored).not.toMatch(/ey[\w-]+\.[\w-]+\./);
    await page.click('button[data-name="headers"]');
    expect(await editorText('.graphiql-editor-tool')).not.toContain('Bearer');
    expect(problems).toEqual([]);
    await shoot('graphiql-2-signed-in.png');
  });

  it('runs the statistics example: figures shown, personal data absent', async () => {
    await openTab('Statistics');
    const text = await runActiveTab();
    const result = JSON.parse(text) as {
      data: {
        statistics: {
          disclosureControl: { applied: boolean; minCellSize: number };
          postingCounts: { type: string; status: string; count: number | null }[];
        };
      };
    };
    expect(result.data.statistics.disclosureControl).toMatchObject({
      applied: true,
      minCellSize: MIN_CELL_SIZE,
    });
    // Cells of enough distinct cadres are shown; no name, no ID number anywhere.
    expect(result.data.statistics.postingCounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'DOWNWARD', status: 'ACTIVE', count: 6 }),
        expect.objectContaining({ type: 'UPWARD', status: 'ACTIVE', count: 3 }),
      ]),
    );
    expect(text).not.toMatch(/idNumber|phone|1101011990\d{5}X|李明|周婷/);
    await expect(page.locator('.result-window').innerText()).resolves.toContain('postingCounts');
    expect(problems).toEqual([]);
    // The explorer is wide enough for its rows: no control runs past the panel's right edge.
    const pastEdge = await page.evaluate(() => {
      const panel = document.querySelector('.graphiql-plugin')!;
      const edge = panel.getBoundingClientRect().right;
      return Array.from(panel.querySelectorAll('input, select, button, span'))
        .filter((el) => el.getBoundingClientRect().right > edge)
        .map((el) => el.outerHTML.slice(0, 80));
    });
    expect(pastEdge).toEqual([]);
    await shoot('graphiql-3-statistics-result.png');
  });

  it('answers FORBIDDEN when an analyst asks for personal data', async () => {
    await page.evaluate(() => {
      const el = document.querySelector('.graphiql-query-editor .CodeMirror') as Element & {
        CodeMirror: { setValue(text: string): void };
      };
      el.CodeMirror.setValue(
        'query PersonalData {\n  cadres(first: 3) {\n    nodes {\n      name\n      idNumber\n      phone\n    }\n  }\n}\n',
      );
    });
    // GraphiQL names the tab after the operation once it has read the new text.
    await page.waitForSelector('.graphiql-tab-active >> text=PersonalData');
    const text = await runActiveTab();
    const result = JSON.parse(text) as {
      data: { cadres: { nodes: { idNumber: string | null; phone: string | null }[] } };
      errors: { extensions: { code: string } }[];
    };
    expect(result.errors.map((e) => e.extensions.code)).toContain('FORBIDDEN');
    expect(result.data.cadres.nodes.length).toBeGreaterThan(0);
    for (const node of result.data.cadres.nodes)
      expect(node).toMatchObject({ idNumber: null, phone: null });
    expect(text).not.toMatch(/1101011990\d{5}X|13800000000/);
    await shoot('graphiql-4-personal-data-forbidden.png');
  });

  it('signs out: the token is revoked, the form is back, nothing of the session stays on screen and the page stops sending it', async () => {
    expect((await env.graphql(MeDocument, {}, analystToken)).data?.me.username).toBe('analyst');
    expect(await editorText('.result-window')).toMatch(/\S/);
    const loggedOut = page.waitForResponse((r) =>
      /GraphiQLSignOut/.test(r.request().postData() ?? ''),
    );
    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('form.guazhi-signin');
    await loggedOut;
    // The last result is gone with the session (GraphiQL starts afresh for the next person).
    await page.waitForSelector('.result-window .CodeMirror');
    expect((await editorText('.result-window')).trim()).toBe('');
    const after = await env.graphql(MeDocument, {}, analystToken);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await openTab('Alerts');
    const sent = page.waitForRequest((r) => r.url().endsWith('/graphql') && r.method() === 'POST');
    await page.click('.graphiql-execute-button');
    expect((await sent).headers().authorization).toBeUndefined();
    expect(problems.filter((p) => !/401|UNAUTHENTICATED/.test(p))).toEqual([]);
  });

  it('signs in with an API key, and says why a wrong one is refused', async () => {
    const created = await env.graphql(
      CreateApiKeyDocument,
      { input: { name: 'GraphiQL 浏览器测试', role: 'ANALYST' } },
      await login(env, 'admin'),
    );
    apiKeyId = created.data?.createApiKey.apiKey?.id ?? '';
    const secret = created.data?.createApiKey.secret;
    expect(secret).toMatch(/^gzk_/);
    await page.click('form.guazhi-signin button:has-text("API key")');
    await page.fill('input[name=apiKey]', 'gzk_not-a-key');
    await page.click('form.guazhi-signin button[type=submit]');
    await expect(page.locator('.guazhi-error').innerText()).resolves.toMatch(/\S/);
    await expect(page.locator('[data-testid=signed-in-as]').count()).resolves.toBe(0);

    const introspected = page.waitForResponse(
      (r) =>
        r.url().endsWith('/graphql') && /IntrospectionQuery/.test(r.request().postData() ?? ''),
    );
    await page.fill('input[name=apiKey]', secret!);
    await page.click('form.guazhi-signin button[type=submit]');
    await expect(page.locator('[data-testid=signed-in-as]').innerText()).resolves.toContain(
      `API key …${secret!.slice(-4)}`,
    );
    const introspection = await introspected;
    expect(introspection.request().headers().authorization).toBe(`Bearer ${secret}`);
    expect(((await introspection.json()) as { data?: unknown }).data).toBeTruthy();
    await shoot('graphiql-5-api-key.png');
  });

  it('signs itself out, saying so, when the server stops accepting the credential', async () => {
    const revoked = await env.graphql(
      RevokeApiKeyDocument,
      { input: { apiKeyId } },
      await login(env, 'admin'),
    );
    expect(revoked.data?.revokeApiKey.userErrors).toEqual([]);
    await openTab('CadreTimeline');
    await page.click('.graphiql-execute-button');
    await page.waitForSelector('form.guazhi-signin');
    await expect(page.locator('.guazhi-error').innerText()).resolves.toContain('Session ended');
    await shoot('graphiql-6-session-ended.png');
  });
});
