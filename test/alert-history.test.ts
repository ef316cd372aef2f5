import { addDays, today } from '../server/common/dates';
import { fromGlobalId } from '../server/common/global-id';
import { Role } from '../server/common/role';
import { sweepAlerts } from '../server/modules/alert/alert-sweep';
import {
  AcknowledgeAlertDocument,
  AlertsDocument,
  AssignAlertDocument,
  AssignMentorDocument,
  CreateApiKeyDocument,
  CompletePostingDocument,
  ExtendPostingDocument,
  PolicyDocument,
  UpdatePolicyDocument,
  type AlertFilter,
  type AlertKind,
  type UpdatePolicyInput,
} from '../sdk/src';
import { buildAlertWorld } from './support/alert-world';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { cadre, gid, login, user } from './support/world';

/**
 * Alerts as maintained state (issue #11): each kind raised by its data and cleared by the write
 * or the policy change that ends its condition — at once, in that mutation's transaction — kept
 * as history with `clearedOn`, answered for a past day by `asOf`, followed up by acknowledgement
 * and assignment within the row scope.
 */
let env: TestEnv;
let world: Awaited<ReturnType<typeof buildAlertWorld>>;
let managerC: string;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildAlertWorld(env);
  await user(env.dataSource, 'manager_c', Role.UNIT_MANAGER, { unitId: world.units.unitC.id });
  managerC = await login(env, 'manager_c');
});
afterAll(() => env.close());

const TODAY = today();
const YESTERDAY = addDays(TODAY, -1);

async function alerts(filter: AlertFilter, asOf?: string, token = world.tokens.admin) {
  const res = await env.graphql(AlertsDocument, { first: 100, filter, asOf }, token);
  expect(res.errors).toBeUndefined();
  expect(res.data!.alerts.totalCount).toBe(res.data!.alerts.edges.length);
  return res.data!.alerts.edges.map((e) => e.node);
}

const spells = (postingId: number, kind: AlertKind, open?: boolean | null, asOf?: string) =>
  alerts({ postingIds: [gid('Posting', postingId)], kinds: [kind], open }, asOf);

async function setPolicy(change: Omit<UpdatePolicyInput, 'version'>) {
  const res = await env.graphql(PolicyDocument, {}, world.tokens.admin);
  const payload = await mutate(
    env,
    UpdatePolicyDocument,
    { ...change, version: res.data!.policy.version },
    world.tokens.admin,
  );
  expect(payload.userErrors).toEqual([]);
}

describe('a policy change clears and raises alerts at once, keeping the spell as history', () => {
  it.each<[AlertKind, Omit<UpdatePolicyInput, 'version'>, Omit<UpdatePolicyInput, 'version'>]>([
    ['UNMANAGED_POSTING', { reportIntervalDays: 3650 }, { reportIntervalDays: 90 }],
    ['PASSIVE_CADRE', { minOnSiteRatio: 0.2 }, { minOnSiteRatio: 0.6 }],
    ['UNUSED_TALENT', { promotionWindowMonths: 120 }, { promotionWindowMonths: 12 }],
    [
      'MISSING_FINAL_EVALUATION',
      { finalEvaluationDeadlineDays: 3650 },
      { finalEvaluationDeadlineDays: 30 },
    ],
  ])('%s', async (kind, loosened, restored) => {
    const postingId = world.expected[kind];
    const [before] = await spells(postingId, kind);
    expect(before).toMatchObject({ open: true, clearedOn: null });
    expect(before.raisedOn <= TODAY).toBe(true);

    await setPolicy(loosened);
    expect(await spells(postingId, kind)).toEqual([]);
    const [cleared] = await spells(postingId, kind, false);
    expect(cleared).toMatchObject({ id: before.id, open: false, clearedOn: TODAY });
    // Yesterday it stood (if raised by then: a report filed today raises PASSIVE_CADRE today);
    // today it no longer does.
    expect((await spells(postingId, kind, undefined, YESTERDAY)).map((a) => a.id)).toEqual(
      before.raisedOn <= YESTERDAY ? [before.id] : [],
    );
    expect(await spells(postingId, kind, undefined, TODAY)).toEqual([]);

    await setPolicy(restored);
    const [again] = await spells(postingId, kind);
    expect(again.id).not.toBe(before.id);
    expect(again).toMatchObject({ open: true, raisedOn: before.raisedOn, detail: before.detail });
    expect((await spells(postingId, kind, null)).map((a) => a.id).sort()).toEqual(
      [before.id, again.id].sort(),
    );
  });
});

describe('a posting write clears its alerts in the same mutation', () => {
  it('keeps a standing alert’s raisedOn when what it measured changes (UPDATED)', async () => {
    const postingId = world.expected.OVERDUE_RETURN;
    const [before] = await spells(postingId, 'OVERDUE_RETURN');
    expect(before.raisedOn).toBe(addDays(TODAY, -2));
    const setPlannedEnd = (day: string) =>
      env.dataSource.query('UPDATE posting SET planned_end_date = $2 WHERE id = $1', [
        postingId,
        day,
      ]);
    // Still overdue, by a day less: the rule now dates the condition a day later.
    await setPlannedEnd(addDays(TODAY, -2));
    const [after] = await spells(postingId, 'OVERDUE_RETURN');
    expect(after).toMatchObject({
      id: before.id,
      raisedOn: before.raisedOn,
      detail: `Planned end ${addDays(TODAY, -2)} has passed`,
    });
    const [event] = await env.dataSource.query(
      `SELECT payload FROM live_event WHERE topic = 'alert' ORDER BY id DESC LIMIT 1`,
    );
    expect(event.payload).toMatchObject({ change: 'UPDATED', kind: 'OVERDUE_RETURN' });
    await setPlannedEnd(addDays(TODAY, -3));
    expect((await spells(postingId, 'OVERDUE_RETURN'))[0].raisedOn).toBe(before.raisedOn);
  });

  it('OVERDUE_RETURN: the posting extended past today (延期)', async () => {
    const postingId = world.expected.OVERDUE_RETURN;
    const [before] = await spells(postingId, 'OVERDUE_RETURN');
    expect(before.detail).toBe(`Planned end ${addDays(TODAY, -3)} has passed`);
    const payload = await mutate(
      env,
      ExtendPostingDocument,
      {
        postingId: gid('Posting', postingId),
        plannedEndDate: addDays(TODAY, 30),
        reason: '工作需要延期',
      },
      world.tokens.admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(await spells(postingId, 'OVERDUE_RETURN')).toEqual([]);
    expect((await spells(postingId, 'OVERDUE_RETURN', false))[0].clearedOn).toBe(TODAY);
  });

  it('UNMANAGED_POSTING: a mentor assigned (一帮一)', async () => {
    const postingId = world.cases.activatedLate.id;
    const [before] = await spells(postingId, 'UNMANAGED_POSTING');
    expect(before.open).toBe(true);
    const mentor = await cadre(env.dataSource, {
      name: '新任导师',
      homeUnitId: world.units.unitB.id,
      isLeadership: true,
    });
    const payload = await mutate(
      env,
      AssignMentorDocument,
      { postingId: gid('Posting', postingId), mentorId: gid('Cadre', mentor.id) },
      world.tokens.admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(await spells(postingId, 'UNMANAGED_POSTING')).toEqual([]);
  });

  it('NOMINAL_ROLE: the cadre returned (完成挂职)', async () => {
    const postingId = world.expected.NOMINAL_ROLE;
    expect(await spells(postingId, 'NOMINAL_ROLE')).toHaveLength(1);
    const payload = await mutate(
      env,
      CompletePostingDocument,
      { postingId: gid('Posting', postingId), actualEndDate: TODAY },
      world.tokens.admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(await spells(postingId, 'NOMINAL_ROLE')).toEqual([]);
  });
});

describe('filters', () => {
  it('lists by unit, cadre and day raised, and open and cleared together with null', async () => {
    const all = await alerts({ open: null });
    const open = await alerts({});
    const cleared = await alerts({ open: false });
    expect(all.length).toBe(open.length + cleared.length);
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared.every((a) => !a.open && a.clearedOn !== null)).toBe(true);
    for (const unit of Object.values(world.units)) {
      const byUnit = await alerts({ unitIds: [gid('Unit', unit.id)] });
      const expected: { id: number }[] = await env.dataSource.query(
        `SELECT a.id FROM alert a JOIN posting p ON p.id = a.posting_id WHERE a.cleared_on IS NULL
          AND $1 IN (p.sending_unit_id, p.receiving_unit_id) ORDER BY a.raised_on DESC, a.id DESC`,
        [unit.id],
      );
      expect(byUnit.map((a) => a.id)).toEqual(expected.map((r) => gid('Alert', r.id)));
    }
    const cadreId = world.cadres.cadreA1.id;
    const ofCadre: { id: number }[] = await env.dataSource.query(
      `SELECT a.id FROM alert a JOIN posting p ON p.id = a.posting_id
        WHERE a.cleared_on IS NULL AND p.cadre_id = $1`,
      [cadreId],
    );
    expect((await alerts({ cadreIds: [gid('Cadre', cadreId)] })).map((a) => a.id).sort()).toEqual(
      ofCadre.map((r) => gid('Alert', r.id)).sort(),
    );
    const raised = open[open.length - 1].raisedOn;
    const since = await alerts({ raisedOn: { from: raised, to: raised } });
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((a) => a.raisedOn === raised)).toBe(true);
  });

  it('refuses an ID of another type in a filter', async () => {
    const res = await env.graphql(
      AlertsDocument,
      { first: 5, filter: { cadreIds: [gid('Unit', world.units.unitA.id)] } },
      world.tokens.admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('acknowledgement and assignment', () => {
  const openAlert = async (kind: AlertKind) => (await spells(world.expected[kind], kind))[0];

  it('lets the sending unit’s manager acknowledge with a note, audited and announced', async () => {
    const alert = await openAlert('UNMANAGED_POSTING');
    const payload = await mutate(
      env,
      AcknowledgeAlertDocument,
      { id: alert.id, note: '  已电话督促导师  ', version: alert.version },
      world.tokens.managerA,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.alert).toMatchObject({ acknowledgementNote: '已电话督促导师', id: alert.id });
    expect(payload.alert!.acknowledgedAt).not.toBeNull();
    const [audit] = await env.dataSource.query(
      `SELECT action, actor_id AS "actorId" FROM audit_entry WHERE entity = 'Alert'
        AND action = 'alert.acknowledge' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.action).toBe('alert.acknowledge');
    const [event] = await env.dataSource.query(
      `SELECT payload FROM live_event WHERE topic = 'alert' ORDER BY id DESC LIMIT 1`,
    );
    expect(event.payload).toMatchObject({ change: 'ACKNOWLEDGED', kind: 'UNMANAGED_POSTING' });
    expect((await alerts({ acknowledged: true })).map((a) => a.id)).toContain(alert.id);
    expect((await alerts({ acknowledged: false })).map((a) => a.id)).not.toContain(alert.id);
  });

  it('lets the receiving unit’s manager acknowledge while the posting is active, not after', async () => {
    const active = await openAlert('PASSIVE_CADRE');
    const ok = await mutate(
      env,
      AcknowledgeAlertDocument,
      { id: active.id },
      world.tokens.managerB,
    );
    expect(ok.userErrors).toEqual([]);
    const ended = await openAlert('MISSING_FINAL_EVALUATION');
    await expectDenied(env, 'NOT_FOUND', () =>
      env.graphql(AcknowledgeAlertDocument, { input: { id: ended.id } }, world.tokens.managerB),
    );
  });

  it('answers another unit’s manager NOT_FOUND and an analyst FORBIDDEN, changing nothing', async () => {
    const target = await openAlert('UNUSED_TALENT');
    await expectDenied(env, 'NOT_FOUND', () =>
      env.graphql(AcknowledgeAlertDocument, { input: { id: target.id } }, managerC),
    );
    await expectDenied(env, 'FORBIDDEN', () =>
      env.graphql(AcknowledgeAlertDocument, { input: { id: target.id } }, world.tokens.analyst),
    );
  });

  it('keeps the first acknowledgement: its author may change the note, others are refused', async () => {
    const alert = await openAlert('UNUSED_TALENT');
    expect(alert.acknowledgedAt).toBeNull();
    const first = await mutate(
      env,
      AcknowledgeAlertDocument,
      { id: alert.id, note: '已提请研究使用' },
      world.tokens.managerA,
    );
    expect(first.userErrors).toEqual([]);
    const acknowledged = first.alert!;
    const events = async () =>
      Number(
        (
          await env.dataSource.query(
            `SELECT count(*) AS n FROM live_event WHERE topic = 'alert'
              AND payload->>'change' = 'ACKNOWLEDGED'`,
          )
        )[0].n,
      );
    const pushed = await events();
    await expectRefused(env, 'ALREADY_ACKNOWLEDGED', () =>
      mutate(env, AcknowledgeAlertDocument, { id: alert.id, note: '另行处理' }, world.tokens.admin),
    );
    const amended = await mutate(
      env,
      AcknowledgeAlertDocument,
      { id: alert.id, note: '已提请研究使用，下月复核' },
      world.tokens.managerA,
    );
    expect(amended.userErrors).toEqual([]);
    expect(amended.alert).toMatchObject({
      acknowledgedAt: acknowledged.acknowledgedAt,
      acknowledgementNote: '已提请研究使用，下月复核',
    });
    const [row] = await env.dataSource.query(
      `SELECT u.username FROM alert a JOIN app_user u ON u.id = a.acknowledged_by_id
        WHERE a.id = $1`,
      [fromGlobalId(alert.id)!.id],
    );
    expect(row.username).toBe('manager_a');
    expect(await events()).toBe(pushed);
  });

  it('refuses an API key’s acknowledgement with FORBIDDEN: it names no person', async () => {
    const [alert] = await alerts({ acknowledged: false });
    const key = await mutate(
      env,
      CreateApiKeyDocument,
      { name: '预警对接系统', role: 'ORG_ADMIN' },
      world.tokens.admin,
    );
    const res = await env.graphql(
      AcknowledgeAlertDocument,
      { input: { id: alert.id, version: alert.version } },
      key.secret!,
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const [row] = await env.dataSource.query('SELECT acknowledged_at FROM alert WHERE id = $1', [
      fromGlobalId(alert.id)!.id,
    ]);
    expect(row.acknowledged_at).toBe(alert.acknowledgedAt);
  });

  it('refuses to acknowledge a cleared alert (ALERT_CLEARED)', async () => {
    const [cleared] = await alerts({ open: false });
    await expectRefused(env, 'ALERT_CLEARED', () =>
      mutate(env, AcknowledgeAlertDocument, { id: cleared.id }, world.tokens.admin),
    );
  });

  it('assigns to a manager of a concerned unit, and refuses anyone else (ASSIGNEE_NOT_CONCERNED)', async () => {
    const [{ id: managerB }] = await env.dataSource.query(
      `SELECT id FROM app_user WHERE username = 'manager_b'`,
    );
    const [{ id: cadreUser }] = await env.dataSource.query(
      `SELECT id FROM app_user WHERE username = 'cadre_a1'`,
    );
    const active = await openAlert('PASSIVE_CADRE');
    const payload = await mutate(
      env,
      AssignAlertDocument,
      { id: active.id, assigneeId: gid('User', managerB) },
      world.tokens.admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.alert!.assignedAt).not.toBeNull();
    const ended = await openAlert('MISSING_FINAL_EVALUATION');
    for (const [alertId, assignee] of [
      [ended.id, managerB], // the receiving unit, after the posting ended
      [active.id, cadreUser],
    ]) {
      await expectRefused(env, 'ASSIGNEE_NOT_CONCERNED', () =>
        mutate(
          env,
          AssignAlertDocument,
          { id: alertId as string, assigneeId: gid('User', assignee as number) },
          world.tokens.admin,
        ),
      );
    }
  });
});

describe('assignment by a manager reveals no account', () => {
  it('answers an account the manager may not read exactly like a missing one', async () => {
    const alert = (await spells(world.expected.PASSIVE_CADRE, 'PASSIVE_CADRE'))[0];
    const ids: { username: string; id: number }[] = await env.dataSource.query(
      `SELECT username, id FROM app_user WHERE username IN ('admin', 'manager_a', 'manager_b')`,
    );
    const idOf = (username: string) => ids.find((u) => u.username === username)!.id;
    const [{ missing }] = await env.dataSource.query(
      'SELECT max(id) + 1000 AS missing FROM app_user',
    );
    const assign = (assignee: number) =>
      expectRefused(env, 'ASSIGNEE_NOT_CONCERNED', () =>
        mutate(
          env,
          AssignAlertDocument,
          { id: alert.id, assigneeId: gid('User', assignee) },
          world.tokens.managerA,
        ),
      );
    const answers = [];
    // An org-department account and the receiving unit's manager would be concerned, but the
    // sending unit's manager reads no account but their own.
    for (const assignee of [Number(missing), idOf('admin'), idOf('manager_b')]) {
      answers.push((await assign(assignee)).userErrors);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const own = await mutate(
      env,
      AssignAlertDocument,
      { id: alert.id, assigneeId: gid('User', idOf('manager_a')) },
      world.tokens.managerA,
    );
    expect(own.userErrors).toEqual([]);
  });
});

describe('days passing', () => {
  it('raises an alert whose deadline passes, on the day after it, through the sweep', async () => {
    // Activated 20 days ago with no mentor: the 30-day deadline passes in 10 days.
    const postingId = world.quiet.UNMANAGED_POSTING;
    expect(await spells(postingId, 'UNMANAGED_POSTING')).toEqual([]);
    await sweepAlerts(env.dataSource, { day: addDays(TODAY, 10), force: true });
    expect(await spells(postingId, 'UNMANAGED_POSTING')).toEqual([]);
    await sweepAlerts(env.dataSource, { day: addDays(TODAY, 11), force: true });
    const [raised] = await spells(postingId, 'UNMANAGED_POSTING');
    expect(raised.raisedOn).toBe(addDays(TODAY, 11));
    // A day before it was raised, it did not stand.
    expect(await spells(postingId, 'UNMANAGED_POSTING', undefined, addDays(TODAY, 10))).toEqual([]);
  });
});
