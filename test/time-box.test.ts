import { toGlobalId } from '../server/common/global-id';
import {
  EvaluationIdsDocument,
  NodeIdsDocument,
  PostingRecordIdsDocument,
} from './generated/graphql';
import { isObject, type Json } from './support/leak-documents';
import { inParallel, LeakWalk } from './support/leak-walk';
import type { LeakViewer } from './support/leak-world';
import type { NodeType } from './support/visibility-snapshot';

/**
 * DESIGN §4's time-box, spelled out case by case and independent of the oracle: what a unit keeps
 * of a posting once it has ended, and what it no longer sees.
 */
let walk: LeakWalk;

beforeAll(async () => {
  walk = await LeakWalk.open();
});
afterAll(() => walk?.env.close());

// ---------------------------------------------------------------------------------------------
// The time-box, spelled out (independent of the oracle)

const g = (type: NodeType, id: number) => toGlobalId(type, id);

/** `nodes(ids:)` answered as [id or null, error code] per id. */
async function lookUp(viewer: LeakViewer, ids: string[]): Promise<[string | null, string][]> {
  const res = await walk.counted(walk.env.graphql(NodeIdsDocument, { ids }, viewer.token));
  const codes = new Map((res.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code]));
  const items = res.data?.nodes;
  return ids.map((_, i) => {
    const item = Array.isArray(items) ? items[i] : null;
    return [
      isObject(item) && typeof item.id === 'string' ? item.id : null,
      codes.get(`nodes.${i}`) ?? '',
    ];
  });
}

const ids = (connection: Json | undefined) =>
  isObject(connection) && Array.isArray(connection.nodes)
    ? connection.nodes.map((n) => (isObject(n) ? n.id : null)).sort()
    : null;

describe('time-box: after a posting completes, its receiving unit', () => {
  it('still reads the posting and the reports, evaluations and mentorships written during it', async () => {
    const { completed } = walk.world.postings;
    const viewer = walk.world.viewer('UNIT_MANAGER of the receiving unit B');
    const res = await walk.counted(
      walk.env.graphql(PostingRecordIdsDocument, { id: g('Posting', completed.id) }, viewer.token),
    );
    const node = res.data?.node;
    expect(isObject(node) && node.status).toBe('COMPLETED');
    if (!isObject(node)) return;
    expect(node.cadre).toBeNull();
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
      ['node.cadre', 'FORBIDDEN'],
    ]);
    expect(ids(node.feedbackReports)).toEqual([
      g('FeedbackReport', walk.world.reports.reportDuring.id),
    ]);
    expect(ids(node.evaluations)).toEqual([
      g('Evaluation', walk.world.evaluations.finalEvaluation.id),
    ]);
    expect(ids(node.mentorships)).toEqual([
      g('Mentorship', walk.world.mentorships.oldMentorship.id),
    ]);
    expect(isObject(node.evaluations) && node.evaluations.totalCount).toBe(1);
    expect(isObject(node.feedbackReports) && node.feedbackReports.totalCount).toBe(1);
  });

  it('no longer reads what was written about the posting after it ended', async () => {
    const answers = await lookUp(walk.world.viewer('UNIT_MANAGER of the receiving unit B'), [
      g('FeedbackReport', walk.world.extra.reportAfter.id),
      g('Evaluation', walk.world.extra.inspectionAfter.id),
      g('Evaluation', walk.world.extra.earlierFinal.id),
    ]);
    expect(answers).toEqual([
      [null, 'NOT_FOUND'],
      [null, 'NOT_FOUND'],
      [null, 'NOT_FOUND'],
    ]);
  });

  const later = () => [
    g('Posting', walk.world.extra.later.id),
    g('Evaluation', walk.world.extra.laterRoutine.id),
    g('Evaluation', walk.world.extra.laterDraft.id),
    g('FeedbackReport', walk.world.extra.laterReport.id),
    g('Mentorship', walk.world.extra.laterMentorship.id),
    g('MentorSession', walk.world.extra.laterSession.id),
    g('CareerEvent', walk.world.careerEvents.promotion.id),
    g('CareerEvent', walk.world.extra.laterAppointment.id),
    g('Cadre', walk.world.cadres.cadreA2.id),
  ];

  it('no longer sees the cadre, their later posting, its evaluations, report and mentor, or their career events', async () => {
    const answers = await lookUp(
      walk.world.viewer('UNIT_MANAGER of the receiving unit B'),
      later(),
    );
    expect(answers).toEqual(later().map(() => [null, 'NOT_FOUND']));
  });

  it('finds none of them through any generated path, list, count or statistic', async () => {
    const viewer = walk.world.viewer('UNIT_MANAGER of the receiving unit B');
    const hidden = [
      ...later(),
      g('FeedbackReport', walk.world.extra.reportAfter.id),
      g('Evaluation', walk.world.extra.inspectionAfter.id),
    ];
    const seen: string[] = [];
    await inParallel(walk.documents, async (doc) => {
      const { response } = await walk.walkRoot(viewer, doc);
      const text = JSON.stringify(response.data);
      seen.push(...hidden.filter((id) => text.includes(id)).map((id) => `${doc.root}: ${id}`));
    });
    expect(seen).toEqual([]);
  });

  it('is still told nothing new by the unit that sends the cadre, which keeps every record', async () => {
    const all = [
      ...later(),
      g('FeedbackReport', walk.world.extra.reportAfter.id),
      g('Evaluation', walk.world.extra.inspectionAfter.id),
      g('Evaluation', walk.world.extra.earlierFinal.id),
    ];
    const answers = await lookUp(walk.world.viewer('UNIT_MANAGER of the sending unit A'), all);
    expect(answers).toEqual(all.map((id) => [id, '']));
  });

  it('leaves the later posting to the unit that receives it now, without the cadre’s career', async () => {
    const viewer = walk.world.viewer('UNIT_MANAGER of unit C (receives the later posting)');
    const answers = await lookUp(viewer, later());
    expect(answers).toEqual([
      ...later()
        .slice(0, 6)
        .map((id) => [id, '']),
      [null, 'NOT_FOUND'],
      [null, 'NOT_FOUND'],
      [g('Cadre', walk.world.cadres.cadreA2.id), ''],
    ]);
    const completed = await lookUp(viewer, [
      g('Posting', walk.world.postings.completed.id),
      g('Evaluation', walk.world.evaluations.finalEvaluation.id),
    ]);
    expect(completed).toEqual([
      [null, 'NOT_FOUND'],
      [null, 'NOT_FOUND'],
    ]);
  });

  it('applies to a terminated posting too: the report written during it, not the evaluation after', async () => {
    const { terminated, terminatedReport, terminatedEvaluation, cadreC2 } = walk.world.extra;
    const viewer = walk.world.viewer('UNIT_MANAGER of the sending unit A');
    const res = await walk.counted(
      walk.env.graphql(PostingRecordIdsDocument, { id: g('Posting', terminated.id) }, viewer.token),
    );
    const node = res.data?.node;
    if (!isObject(node)) throw new Error(JSON.stringify(res));
    expect(node.status).toBe('TERMINATED');
    expect(ids(node.feedbackReports)).toEqual([g('FeedbackReport', terminatedReport.id)]);
    expect(ids(node.evaluations)).toEqual([]);
    const direct = await lookUp(viewer, [
      g('Evaluation', terminatedEvaluation.id),
      g('Cadre', cadreC2.id),
    ]);
    expect(direct).toEqual([
      [null, 'NOT_FOUND'],
      [null, 'NOT_FOUND'],
    ]);
  });

  it('keeps the posted cadre’s own FINALIZED evaluations across both postings', async () => {
    const viewer = walk.world.viewer('CADRE with a completed then a later posting (A2)');
    const res = await walk.counted(walk.env.graphql(EvaluationIdsDocument, {}, viewer.token));
    expect(res.errors).toBeUndefined();
    expect(ids(res.data?.evaluations)).toEqual(
      [
        g('Evaluation', walk.world.evaluations.finalEvaluation.id),
        g('Evaluation', walk.world.extra.inspectionAfter.id),
        g('Evaluation', walk.world.extra.laterRoutine.id),
      ].sort(),
    );
  });
});
