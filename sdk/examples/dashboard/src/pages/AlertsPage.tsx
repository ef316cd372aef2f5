/**
 * Open alerts (预警) by kind: the counts per kind from `programmeOverview`, and the alerts of the
 * chosen kind page by page, each with 阅知 for those who may follow alerts up. A kind whose count is
 * withheld (analysts, small cells) says so instead of a number. Live events (Layout's subscription)
 * refresh both.
 */
import type { AlertKind } from '@guazhi/sdk';
import { useAlertsInfiniteQuery, useProgrammeOverviewQuery } from '@guazhi/sdk/react';
import { AlertRow } from '../components/AlertRow';
import { Status } from '../components/Status';
import { useI18n } from '../i18n';
import { href } from '../router';

const PAGE = 20;

export function AlertsPage(props: { kind: string | null }) {
  const { t, label } = useI18n();
  const kind = props.kind as AlertKind | null;
  const counts = useProgrammeOverviewQuery({ year: new Date().getFullYear() });
  const alerts = useAlertsInfiniteQuery({
    first: PAGE,
    filter: kind ? { kinds: [kind] } : null,
  });
  const rows = alerts.data?.pages.flatMap((p) => p.alerts.edges.map((e) => e.node)) ?? [];
  const total = alerts.data?.pages[0]?.alerts.totalCount;
  return (
    <section>
      <h2>{t('alerts')}</h2>
      <div className="chips" data-testid="alert-kinds">
        <a href={href('alerts')} className={kind ? undefined : 'current'}>
          {t('allKinds')}
        </a>
        {counts.data?.programmeOverview.openAlerts.map((a) => (
          <a
            key={a.kind}
            href={href('alerts', { kind: a.kind })}
            className={kind === a.kind ? 'current' : undefined}
            data-kind={a.kind}
            data-count={a.count ?? ''}
            title={a.suppressed ? t('withheld') : undefined}
          >
            {label(a.kind)}
            {a.count === null ? t('suppressed') : <b> {a.count}</b>}
          </a>
        ))}
      </div>
      <Status loading={alerts.isPending} error={alerts.error} />
      {total !== undefined && (
        <p className="muted" data-testid="alerts-total" data-total={total}>
          {t('shown')} {rows.length} {t('of')} {total}
        </p>
      )}
      <table className="list" data-testid="alerts">
        <thead>
          <tr>
            <th>{t('kind')}</th>
            <th>{t('posting')}</th>
            <th>{t('raisedOn')}</th>
            <th>{t('detail')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((alert) => (
            <AlertRow key={alert.id} alert={alert} />
          ))}
        </tbody>
      </table>
      {alerts.hasNextPage && (
        <button
          type="button"
          onClick={() => void alerts.fetchNextPage()}
          disabled={alerts.isFetchingNextPage}
        >
          {alerts.isFetchingNextPage ? t('loading') : t('loadMore')}
        </button>
      )}
    </section>
  );
}
