import { Role } from '../common/role';
import { PostingStatus } from '../modules/posting/posting-type';
import { LAUNCH, stamp, TODAY } from './dates';
import type { AuditEntryRow, UserRow } from './model';
import type { SeedPosting } from './postings';
import type { SeedUnit } from './units';

export const DEMO_PASSWORD = 'guazhi-demo';

const EXTRA_MANAGERS = 7;

/** Every demo login (password DEMO_PASSWORD) and its role. */
export const DEMO_USERS: Readonly<Record<string, Role>> = {
  admin: Role.ORG_ADMIN,
  manager: Role.UNIT_MANAGER,
  mentor: Role.MENTOR,
  cadre: Role.CADRE,
  analyst: Role.ANALYST,
  ...Object.fromEntries(
    Array.from({ length: EXTRA_MANAGERS }, (_, i) => [`manager${i + 2}`, Role.UNIT_MANAGER]),
  ),
};

export interface DemoUsers {
  rows: UserRow[];
  adminId: number;
  mentorUserId: number;
  mentorCadreId: number;
  /** UNIT_MANAGER user of a unit, for reports and evaluations it writes. */
  managerOf: Map<number, number>;
}

interface Showcase {
  unit: SeedUnit;
  posting: SeedPosting;
}

function countBy(postings: readonly SeedPosting[], key: (p: SeedPosting) => number | null) {
  const counts = new Map<number, number>();
  for (const p of postings) {
    const k = key(p);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/**
 * The posting the `cadre`, `mentor` and `manager` users are wired to: ACTIVE, mentored, long enough
 * under way to have reports and an evaluation, received by a unit that also sends cadres away and
 * has received a COMPLETED posting.
 */
function findShowcase(
  postings: readonly SeedPosting[],
  load: ReadonlyMap<number, number>,
): Showcase {
  const sent = countBy(postings, (p) => p.sending_unit_id);
  const completed = countBy(postings, (p) =>
    p.status === PostingStatus.COMPLETED ? p.receiving_unit_id : null,
  );
  const activeIn = countBy(postings, (p) =>
    p.status === PostingStatus.ACTIVE && p.mentorId !== null ? p.receiving_unit_id : null,
  );
  let best: SeedPosting | null = null;
  // Prefer a busy receiving unit, then a mentor with several mentees.
  const rank = (p: SeedPosting) => [
    activeIn.get(p.receiving_unit_id) ?? 0,
    load.get(p.mentorId!) ?? 0,
  ];
  for (const p of postings) {
    const fit =
      p.status === PostingStatus.ACTIVE &&
      p.mentorId !== null &&
      p.start <= TODAY - 200 &&
      p.plannedEnd > TODAY + 30 &&
      !p.passive &&
      p.is_substantive &&
      p.responsibilities.length > 0 &&
      (sent.get(p.receiving_unit_id) ?? 0) > 0 &&
      (completed.get(p.receiving_unit_id) ?? 0) > 0;
    if (!fit) continue;
    const [a, b] = rank(p);
    const [c, d] = best ? rank(best) : [-1, -1];
    if (a > c || (a === c && b > d)) best = p;
  }
  if (!best) throw new Error('demo seed: no posting fits the demo cadre/mentor/manager users');
  best.showcase = true;
  return { unit: best.receiving, posting: best };
}

/** Other units with the most postings received get the remaining managers. */
function busiestUnits(postings: readonly SeedPosting[], except: number, count: number): number[] {
  const received = countBy(postings, (p) => p.receiving_unit_id);
  received.delete(except);
  return [...received.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, count)
    .map(([unitId]) => unitId);
}

export function buildUsers(
  postings: readonly SeedPosting[],
  load: ReadonlyMap<number, number>,
  passwordHash: string,
): DemoUsers {
  const { unit, posting } = findShowcase(postings, load);
  const created = stamp(LAUNCH, '08:30');
  const rows: UserRow[] = [];
  const add = (username: string, unitId: number | null, cadreId: number | null) => {
    const row: UserRow = {
      // Account 1 is the seed's own actor (SEED_ACTOR_ID), created first so that it can act.
      id: rows.length + 2,
      created_at: created,
      updated_at: created,
      username,
      password_hash: passwordHash,
      role: DEMO_USERS[username],
      unit_id: unitId,
      cadre_id: cadreId,
      is_active: true,
      deactivated_at: null,
    };
    rows.push(row);
    return row.id;
  };
  const adminId = add('admin', null, null);
  const managerOf = new Map<number, number>([[unit.id, add('manager', unit.id, null)]]);
  const mentorUserId = add('mentor', null, posting.mentorId);
  add('cadre', null, posting.cadre_id);
  add('analyst', null, null);
  busiestUnits(postings, unit.id, EXTRA_MANAGERS).forEach((unitId, i) => {
    managerOf.set(unitId, add(`manager${i + 2}`, unitId, null));
  });
  return { rows, adminId, mentorUserId, mentorCadreId: posting.mentorId!, managerOf };
}

/** Account 1: the demo seed's own actor (ORG_ADMIN, deactivated once the seed is done). */
export const SEED_ACTOR_ID = 1;
export const SEED_ACTOR = 'seed';
/** The reason on the seed's audit entries. */
export const SEED_REASON = '演示数据初始化 (demo seed)';

/** The bulk path's actor account (the services path creates it through the write kernel). */
export function seedActorRow(passwordHash: string): UserRow {
  const created = stamp(LAUNCH, '08:00');
  return {
    id: SEED_ACTOR_ID,
    created_at: created,
    updated_at: created,
    username: SEED_ACTOR,
    // Nobody signs in as it: deactivated, whatever the hash.
    password_hash: passwordHash,
    role: Role.ORG_ADMIN,
    unit_id: null,
    cadre_id: null,
    is_active: false,
    deactivated_at: created,
  };
}

/** The bulk path's trail: one `user.create` entry per demo account, by the seed actor. */
export function userAudit(world: { users: DemoUsers }): AuditEntryRow[] {
  return world.users.rows.map((u, i) => ({
    id: i + 1,
    actor_id: SEED_ACTOR_ID,
    action: 'user.create',
    entity: 'User',
    entity_id: u.id,
    before: null,
    after: JSON.stringify({
      username: u.username,
      role: u.role,
      unitId: u.unit_id,
      cadreId: u.cadre_id,
    }),
    reason: SEED_REASON,
    at: u.created_at,
  }));
}
