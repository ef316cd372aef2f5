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
        <Filter name="status" text={t('status')} value={status} onChange={setFilter}>
          {STATUSES.map((s) => [s, label(s)])}
        </Filter>
        <Filter name="type" text={t('type')} value={type} onChange={setFilter}>
          {TYPES.map((s) => [s, label(s)])}
        </Filter>
        <Filter name="substantive" text={t('substantive')} value={substantive} onChange={setFilter}>
          {[
            ['true', '✓'],
            ['false', '✗'],
          ]}
        </Filter>
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

/** One filter of the list: a select named after its address parameter, "all" clearing it. */
function Filter(props: {
  name: string;
  text: string;
  value: string | null;
  onChange(name: string, value: string): void;
  /** [value, label] of each choice. */
  children: string[][];
}) {
  const { t } = useI18n();
  return (
    <label>
      {props.text}{' '}
      <select
        name={props.name}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(props.name, e.target.value)}
      >
        <option value="">{t('all')}</option>
        {props.children.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
