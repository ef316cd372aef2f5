import type DataLoader from 'dataloader';
import type { DataSource, ObjectLiteral } from 'typeorm';
import { createLoaders, type Loaders } from '../../common/loaders';
import type { NodeSpec, NodeTypeName, Registry } from '../../common/module';
import type { Viewer } from '../../common/viewer';
import type { Context } from '../../context';
import type { LiveEvent, LiveHub } from './live-hub';
import type { LiveSession } from './live-session';

/** What one subscription listens to, and what an event is about (a record of type R). */
export interface LiveSource<T, R extends ObjectLiteral = ObjectLiteral> {
  topic: string;
  /** Whether an event of the topic concerns this subscription (its arguments), from the payload alone. */
  matches(payload: LiveEvent['payload']): boolean;
  /** The record the event is about: read once for every subscriber, each seeing it only in scope. */
  about(payload: LiveEvent['payload']): { type: NodeTypeName; id: number } | null;
  /**
   * What is delivered, from the record the subscriber may read (`ctx.loaders` hold it), or null
   * to skip the event (a filter the payload cannot answer).
   */
  deliver(ctx: Context, record: R, payload: LiveEvent['payload']): Promise<T | null>;
}

/** An event one subscriber may read: the record as read for it, and the loaders to read on with. */
export interface Readable {
  event: LiveEvent;
  record: ObjectLiteral;
  viewer: Viewer;
  /** Shared by the subscribers with the same rights for the events of one batch. */
  loaders: Loaders;
}

/** One subscription, as the fan-out sees it. */
export interface Subscriber {
  source: LiveSource<unknown>;
  session: LiveSession;
  /** Takes the events of a batch the subscriber may read, in order. */
  accept(events: Readable[]): void;
  /** The batch could not be read: the subscriber must catch up from the table (a resync). */
  fail(events: readonly LiveEvent[]): void;
  /** Its credentials no longer hold: the subscription ends. */
  finish(): void;
}

/** Events read in one statement per node type at most. */
const MAX_BATCH = 500;

/** The rights a viewer reads with (live-session.ts `sameRights`): loaders are shared by them. */
const rightsOf = (v: Viewer) =>
  JSON.stringify([v.userId, v.apiKeyId, v.role, v.unitId, v.cadreId, !!v.passwordChangeRequired]);

/**
 * The fan-out of one process's events to its subscriptions (issue #11, review): each batch of
 * events is read once for every subscriber, whatever their number. One statement per node type
 * reads the records the events are about and, for each distinct read scope among the
 * subscribers (the policy's own SQL, so exact), whether it admits each record; a subscriber
 * then gets only the events it may read, so those it may not never fill its queue. Subscribers
 * with the same rights share the loaders the delivered selections read on, primed with the
 * records.
 */
export class LiveFanOut {
  private readonly subscribers = new Set<Subscriber>();
  private readonly queue: LiveEvent[] = [];
  private draining = false;

  constructor(
    hub: LiveHub,
    private readonly dataSource: DataSource,
    private readonly nodes: Registry['nodes'],
  ) {
    hub.subscribe((event) => {
      if (![...this.subscribers].some((s) => s.source.topic === event.topic)) return;
      this.queue.push(event);
      if (!this.draining) void this.drain();
    });
  }

  add(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** The events `subscriber` may read among `events` (a replay), read as `dispatch` reads them. */
  async readFor(subscriber: Subscriber, events: LiveEvent[]): Promise<Readable[]> {
    return (await this.read(events, [subscriber])).get(subscriber) ?? [];
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        const subscribers = [...this.subscribers];
        let read: Map<Subscriber, Readable[]>;
        try {
          read = await this.read(batch, subscribers);
        } catch {
          // The database failed us: whoever wanted these events catches up from the table.
          for (const s of subscribers) {
            const missed = batch.filter((e) => wants(s, e));
            if (missed.length > 0) s.fail(missed);
          }
          continue;
        }
        for (const [subscriber, events] of read)
          if (this.subscribers.has(subscriber)) subscriber.accept(events);
      }
    } finally {
      this.draining = false;
    }
  }

  /** For each subscriber, the events of `batch` it wants and may read, in order. */
  private async read(
    batch: LiveEvent[],
    subscribers: Subscriber[],
  ): Promise<Map<Subscriber, Readable[]>> {
    const wanted = new Map<Subscriber, LiveEvent[]>();
    for (const s of subscribers) {
      const mine = batch.filter((e) => wants(s, e));
      if (mine.length > 0) wanted.set(s, mine);
    }
    const viewers = new Map<Subscriber, Viewer>();
    await Promise.all(
      [...wanted.keys()].map(async (s) => {
        const viewer = await s.session.viewerFor(wanted.get(s)![0].id);
        if (viewer) viewers.set(s, viewer);
        else s.finish();
      }),
    );
    // Per node type: the ids the events are about, and the distinct scopes to check them in.
    const byType = new Map<NodeTypeName, { ids: Set<number>; scopes: Map<string, Viewer> }>();
    const scopeOf = new Map<Subscriber, Map<NodeTypeName, string>>();
    for (const [s, viewer] of viewers) {
      const keys = new Map<NodeTypeName, string>();
      for (const event of wanted.get(s)!) {
        const about = s.source.about(event.payload);
        if (!about) continue;
        let of = byType.get(about.type);
        if (!of) byType.set(about.type, (of = { ids: new Set(), scopes: new Map() }));
        of.ids.add(about.id);
        if (!keys.has(about.type)) {
          const key = this.scopeKey(about.type, viewer);
          keys.set(about.type, key);
          of.scopes.set(key, viewer);
        }
      }
      scopeOf.set(s, keys);
    }
    const records = new Map<NodeTypeName, Map<number, { row: ObjectLiteral; in: Set<string> }>>();
    for (const [type, { ids, scopes }] of byType)
      records.set(type, await this.readRecords(type, [...ids], scopes));

    const loadersOf = new Map<string, Loaders>();
    const result = new Map<Subscriber, Readable[]>();
    for (const [s, viewer] of viewers) {
      const rights = rightsOf(viewer);
      const out: Readable[] = [];
      for (const event of wanted.get(s)!) {
        const about = s.source.about(event.payload);
        if (!about) continue;
        const found = records.get(about.type)?.get(about.id);
        if (!found || !found.in.has(scopeOf.get(s)!.get(about.type)!)) continue;
        let loaders = loadersOf.get(rights);
        if (!loaders) {
          loaders = createLoaders(this.dataSource, { viewer }, this.nodes);
          loadersOf.set(rights, loaders);
        }
        // In the viewer's scope (checked above): what their loader would have read.
        (loaders[about.type] as unknown as DataLoader<number, ObjectLiteral | null>).prime(
          about.id,
          found.row,
        );
        out.push({ event, record: found.row, viewer, loaders });
      }
      result.set(s, out);
    }
    return result;
  }

  /** The policy's read scope for `viewer` as SQL and parameters: equal keys, equal rows. */
  private scopeKey(type: NodeTypeName, viewer: Viewer): string {
    const spec = this.nodes[type] as NodeSpec;
    const qb = this.dataSource.createQueryBuilder().select('1').from(spec.entity, 's');
    spec.scope(qb, 's', viewer);
    return JSON.stringify([qb.getQuery(), qb.getParameters()]);
  }

  /**
   * One statement: the rows of `ids` (no scope), and for each scope whether it admits each row,
   * as `EXISTS (the row in that viewer's scope)` columns.
   */
  private async readRecords(
    type: NodeTypeName,
    ids: number[],
    scopes: Map<string, Viewer>,
  ): Promise<Map<number, { row: ObjectLiteral; in: Set<string> }>> {
    const spec = this.nodes[type] as NodeSpec;
    const a = spec.alias;
    const qb = this.dataSource
      .getRepository(spec.entity)
      .createQueryBuilder(a)
      .where(`${a}.id = ANY(:__live_ids)`, { __live_ids: ids });
    const keys = [...scopes.keys()];
    keys.forEach((key, k) => {
      const alias = `${a}_live${k}`;
      const sub = qb.subQuery().select('1').from(spec.entity, alias).where(`${alias}.id = ${a}.id`);
      spec.scope(sub, alias, scopes.get(key)!);
      qb.addSelect(`EXISTS ${sub.getQuery()}`, `in_scope_${k}`);
      qb.setParameters(sub.getParameters());
    });
    const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
    const byId = new Map<number, { row: ObjectLiteral; in: Set<string> }>();
    const rowOf = new Map(entities.map((e) => [Number(e.id), e]));
    for (const r of raw) {
      const id = Number(r[`${a}_id`]);
      const row = rowOf.get(id);
      if (!row) continue;
      byId.set(id, { row, in: new Set(keys.filter((_, k) => r[`in_scope_${k}`] === true)) });
    }
    return byId;
  }
}

const wants = (s: Subscriber, e: LiveEvent) =>
  s.source.topic === e.topic && s.source.matches(e.payload);
