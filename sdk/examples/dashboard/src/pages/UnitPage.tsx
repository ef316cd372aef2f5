/**
 * A unit (单位): its place in the hierarchy, its leadership team (the mentors it can give), and
 * the postings it receives and sends, each list paging on as it is scrolled.
 */
import {
  useUnitPostingsReceivedInfiniteQuery,
  useUnitPostingsSentInfiniteQuery,
  useUnitQuery,
} from '@guazhi/sdk/react';
import { InfiniteScroll } from '../components/InfiniteScroll';
import { PostingTable } from '../components/PostingTable';
import { Status } from '../components/Status';
import { useI18n } from '../i18n';
import { href } from '../router';

const PAGE = 10;

export function UnitPage(props: { id: string }) {
  const { t, label } = useI18n();
  const { data, error, isPending } = useUnitQuery({ id: props.id });
  const received = useUnitPostingsReceivedInfiniteQuery({ id: props.id, first: PAGE });
  const sent = useUnitPostingsSentInfiniteQuery({ id: props.id, first: PAGE });
  const unit = data?.unit;
  if (isPending || error) return <Status loading={isPending} error={error} />;
  if (!unit || !('id' in unit)) return <p>{t('notFound')}</p>;
  const receivedRows =
    received.data?.pages.flatMap((p) =>
      p.unit && 'postingsReceived' in p.unit
        ? p.unit.postingsReceived.edges.map((e) => e.node)
        : [],
    ) ?? [];
  const sentRows =
    sent.data?.pages.flatMap((p) =>
      p.unit && 'postingsSent' in p.unit ? p.unit.postingsSent.edges.map((e) => e.node) : [],
    ) ?? [];
  const receivedTotal = received.data?.pages[0]?.unit;
  const sentTotal = sent.data?.pages[0]?.unit;
  return (
    <section data-testid="unit" data-unit-id={unit.id}>
      <h2>{unit.name}</h2>
      <div className="cards">
        <dl className="card">
          <dt>{t('kind')}</dt>
          <dd>{label(unit.kind)}</dd>
          <dt>{t('region')}</dt>
          <dd>{unit.region ?? '—'}</dd>
          <dt>{t('parent')}</dt>
          <dd>
            {unit.parent ? <a href={href('units', unit.parent.id)}>{unit.parent.name}</a> : '—'}
          </dd>
        </dl>
        <div className="card">
          <h3>
            {t('leadershipTeam')} ({unit.leadershipTeam.totalCount})
          </h3>
          <ul className="names" data-testid="leadership">
            {unit.leadershipTeam.nodes.map((c) => (
              <li key={c.id}>
                {c.name} <span className="muted">{c.positionTitle}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <h3>
        {t('received')} (
        {receivedTotal && 'postingsReceived' in receivedTotal
          ? receivedTotal.postingsReceived.totalCount
          : '…'}
        )
      </h3>
      <Status loading={received.isPending} error={received.error} />
      <PostingTable postings={receivedRows} testId="postings-received" />
      <InfiniteScroll
        hasMore={received.hasNextPage}
        loading={received.isFetchingNextPage}
        onMore={() => void received.fetchNextPage()}
      />
      <h3>
        {t('sent')} (
        {sentTotal && 'postingsSent' in sentTotal ? sentTotal.postingsSent.totalCount : '…'})
      </h3>
      <Status loading={sent.isPending} error={sent.error} />
      <PostingTable postings={sentRows} testId="postings-sent" />
      <InfiniteScroll
        hasMore={sent.hasNextPage}
        loading={sent.isFetchingNextPage}
        onMore={() => void sent.fetchNextPage()}
      />
    </section>
  );
}
