/**
 * Postings the viewer may read (a unit manager: their unit's), filtered by status, type and
 * substantive post; the filters live in the address (#/postings?status=ACTIVE&type=DOWNWARD), the
 * list pages on by itself as it is scrolled (`usePostingsInfiniteQuery`).
 */
import type { PostingStatus, PostingType } from '@guazhi/sdk';
import { usePostingsInfiniteQuery } from '@guazhi/sdk/react';
import { InfiniteScroll } from '../components/InfiniteScroll';
import { PostingTable } from '../components/PostingTable';
import { Status } from '../components/Status';
import { useI18n } from '../i18n';
import { href, navigate } from '../router';

const PAGE = 25;
const STATUSES: PostingStatus[] = ['PLANNED', 'ACTIVE', 'COMPLETED', 'TERMINATED'];
const TYPES: PostingType[] = [
  'DOWNWARD',
  'UPWARD',
  'CROSS_DEPUTY',
  'FRONTLINE',
  'HIGHER_ASSISTANT',
  'GRADUATE_ASSISTANT',
  'OUTWARD',
  'SCHOOL_ASSISTANT',
];

export function PostingsPage(props: { params: URLSearchParams }) {
  const { t, label } = useI18n();
  const status = props.params.get('status') as PostingStatus | null;
  const type = props.params.get('type') as PostingType | null;
  const substantive = props.params.get('substantive');
  const postings = usePostingsInfiniteQuery({
    first: PAGE,
    filter: {
      ...(status ? { status: [status] } : {}),
      ...(type ? { type: [type] } : {}),
      ...(substantive ? { isSubstantive: substantive === 'true' } : {}),
    },
  });
  const rows = postings.data?.pages.flatMap((p) => p.postings.edges.map((e) => e.node)) ?? [];
  const total = postings.data?.pages[0]?.postings.totalCount;

  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(props.params);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(href('postings', Object.fromEntries(next)));
  }

  return (
    <section>
      <div className="toolbar">
        <h2>{t('postings')}</h2>
        <label>
          {t('status')}{' '}
          <select
            name="status"
            value={status ?? ''}
            onChange={(e) => setFilter('status', e.target.value)}
          >
            <option value="">{t('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('type')}{' '}
          <select
            name="type"
            value={type ?? ''}
            onChange={(e) => setFilter('type', e.target.value)}
          >
            <option value="">{t('all')}</option>
            {TYPES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('substantive')}{' '}
          <select
            name="substantive"
            value={substantive ?? ''}
            onChange={(e) => setFilter('substantive', e.target.value)}
          >
            <option value="">{t('all')}</option>
            <option value="true">✓</option>
            <option value="false">✗</option>
          </select>
        </label>
        {total !== undefined && (
          <span className="muted" data-testid="postings-count" data-total={total}>
            {t('shown')} {rows.length} {t('of')} {total}
          </span>
        )}
      </div>
      <Status loading={postings.isPending} error={postings.error} />
      <PostingTable postings={rows} testId="postings" />
      <InfiniteScroll
        hasMore={postings.hasNextPage}
        loading={postings.isFetchingNextPage}
        onMore={() => void postings.fetchNextPage()}
      />
      <p className="muted">
        {postings.isFetchingNextPage
          ? t('loading')
          : !postings.hasNextPage && rows.length > 0
            ? t('allLoaded')
            : ''}
      </p>
    </section>
  );
}
