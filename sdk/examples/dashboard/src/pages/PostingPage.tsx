/**
 * One posting (挂职): its cadre, 三定 (post, duties, training plan), mentor (帮带导师), feedback
 * reports (情况反馈), evaluations (考核) and standing alerts (预警) with 阅知.
 */
import { usePostingAlertsQuery, usePostingQuery } from '@guazhi/sdk/react';
import { AlertRow } from '../components/AlertRow';
import { Status } from '../components/Status';
import { useI18n } from '../i18n';
import { href } from '../router';

export function PostingPage(props: { id: string }) {
  const { t, label } = useI18n();
  const { data, error, isPending } = usePostingQuery({ id: props.id });
  const alerts = usePostingAlertsQuery({ id: props.id, first: 20 });
  const posting = data?.posting;
  if (isPending || error) return <Status loading={isPending} error={error} />;
  if (!posting || !('id' in posting)) return <p>{t('notFound')}</p>;
  const cadre = posting.cadre;
  const mentor = posting.mentorship?.mentor;
  const alertRows =
    alerts.data?.posting && 'alerts' in alerts.data.posting
      ? alerts.data.posting.alerts.edges.map((e) => e.node)
      : [];
  return (
    <section data-testid="posting" data-posting-id={posting.id}>
      <h2>
        {cadre?.name ?? t('hidden')} · {posting.positionTitle}{' '}
        <span className={`tag status-${posting.status}`}>{label(posting.status)}</span>
      </h2>
      <div className="cards">
        <dl className="card">
          <dt>{t('type')}</dt>
          <dd>{label(posting.type)}</dd>
          <dt>{t('sendingUnit')}</dt>
          <dd>
            <a href={href('units', posting.sendingUnit.id)}>{posting.sendingUnit.name}</a>
          </dd>
          <dt>{t('receivingUnit')}</dt>
          <dd>
            <a href={href('units', posting.receivingUnit.id)}>{posting.receivingUnit.name}</a>
          </dd>
          <dt>{t('term')}</dt>
          <dd>
            {posting.startDate} → {posting.actualEndDate ?? posting.plannedEndDate}
          </dd>
        </dl>
        <dl className="card" data-testid="cadre">
          <dt>{t('cadre')}</dt>
          <dd>{cadre ? `${cadre.name}（${cadre.positionTitle}）` : t('hidden')}</dd>
          <dt>{t('unit')}</dt>
          <dd>{cadre?.homeUnit.name ?? '—'}</dd>
          <dt>{t('mentor')}</dt>
          <dd data-testid="mentor">
            {mentor
              ? `${mentor.name}（${mentor.positionTitle}）`
              : posting.mentorship
                ? t('hidden')
                : t('noMentor')}
          </dd>
        </dl>
      </div>
      <h3>{t('responsibilities')}</h3>
      <p className="text">{posting.responsibilities || '—'}</p>
      <h3>{t('trainingPlan')}</h3>
      <p className="text">{posting.trainingPlan || '—'}</p>

      <h3>
        {t('alerts')} ({alertRows.length})
      </h3>
      {alertRows.length > 0 ? (
        <table className="list" data-testid="posting-alerts">
          <tbody>
            {alertRows.map((alert) => (
              <AlertRow key={alert.id} alert={alert} showPosting={false} />
            ))}
          </tbody>
        </table>
      ) : (
        !alerts.isPending && <Empty />
      )}

      <h3>
        {t('reports')} ({posting.feedbackReports.totalCount})
      </h3>
      {posting.feedbackReports.nodes.length > 0 ? (
        <table className="list" data-testid="reports">
          <thead>
            <tr>
              <th>{t('period')}</th>
              <th>{t('daysOnSite')}</th>
              <th>{t('performance')}</th>
            </tr>
          </thead>
          <tbody>
            {posting.feedbackReports.nodes.map((r) => (
              <tr key={r.id}>
                <td className="date">
                  {r.periodStart} → {r.periodEnd}
                </td>
                <td>{r.daysOnSite}</td>
                <td className="detail">{r.performance}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty />
      )}

      <h3>
        {t('evaluations')} ({posting.evaluations.totalCount})
      </h3>
      {posting.evaluations.nodes.length > 0 ? (
        <table className="list" data-testid="evaluations">
          <thead>
            <tr>
              <th>{t('kind')}</th>
              <th>{t('date')}</th>
              <th>{t('status')}</th>
              <th>{t('grade')}</th>
            </tr>
          </thead>
          <tbody>
            {posting.evaluations.nodes.map((e) => (
              <tr key={e.id}>
                <td>{label(e.kind)}</td>
                <td className="date">{e.date}</td>
                <td>{label(e.status)}</td>
                <td>{label(e.grade)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty />
      )}
    </section>
  );
}

/** An empty section says so in one line (无), rather than a bare table header. */
function Empty() {
  const { t } = useI18n();
  return <p className="muted">{t('none')}</p>;
}
