/**
 * 年度挂职工作概览: `programmeOverview(year)` as charts (postings by type, open alerts by kind) and
 * the same figures as tables beneath, so they can be read exactly. Figures withheld by disclosure
 * control (analysts) are null and marked as such; the open-alerts total is then the sum of the kinds
 * shown, a lower bound (≥), with a note saying why.
 */
import { useProgrammeOverviewQuery } from '@guazhi/sdk/react';
import { useState } from 'react';
import { Chart } from '../components/Chart';
import { Status } from '../components/Status';
import { useI18n } from '../i18n';
import { href } from '../router';

const THIS_YEAR = new Date().getFullYear();
const YEARS = [THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2, THIS_YEAR - 3, THIS_YEAR - 4];

function figure(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : String(value);
}

export function OverviewPage() {
  const { t, label } = useI18n();
  const [year, setYear] = useState(THIS_YEAR);
  const { data, error, isPending } = useProgrammeOverviewQuery({ year });
  const overview = data?.programmeOverview;
  const alertsShown = overview?.openAlerts.reduce((n, a) => n + (a.count ?? 0), 0) ?? 0;
  const alertsWithheld = overview?.openAlerts.some((a) => a.suppressed) ?? false;
  return (
    <section>
      <div className="toolbar">
        <h2>
          {t('overview')} · {year}
        </h2>
        <label>
          {t('year')}{' '}
          <select name="year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {YEARS.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
        </label>
      </div>
      <Status loading={isPending} error={error} />
      {overview && (
        <>
          <div className="cards">
            <div className="card stat" data-testid="reserve-pool">
              <span>{t('reservePool')}</span>
              <strong>{figure(overview.reservePool.size)}</strong>
            </div>
            <div
              className="card stat"
              data-testid="open-alerts-total"
              data-total={alertsShown}
              data-lower-bound={alertsWithheld}
            >
              <span>{t('openAlerts')}</span>
              <strong>{alertsWithheld ? `≥ ${alertsShown}` : alertsShown}</strong>
              {alertsWithheld && <small className="muted">{t('someWithheld')}</small>}
            </div>
            <div className="card stat" data-testid="promotion">
              <span>{t('promotion')}</span>
              <strong>
                {figure(overview.promotionAfterReturn.promotedWithinWindow)} /{' '}
                {figure(overview.promotionAfterReturn.excellentReturns)}
              </strong>
            </div>
          </div>
          <div className="charts">
            <div className="card">
              <h3>{t('postingsByType')}</h3>
              <Chart
                testId="chart-postings-by-type"
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 40, right: 16, top: 36, bottom: 56 },
                  xAxis: {
                    type: 'category',
                    data: overview.postingsByType.map((r) => label(r.type)),
                    axisLabel: { interval: 0, rotate: 20 },
                  },
                  yAxis: { type: 'value' },
                  series: (['started', 'active', 'completed'] as const).map((field) => ({
                    name: t(field),
                    type: 'bar',
                    data: overview.postingsByType.map((r) => r[field]),
                  })),
                }}
              />
            </div>
            <div className="card">
              <h3>{t('openAlerts')}</h3>
              <Chart
                testId="chart-open-alerts"
                option={{
                  tooltip: { trigger: 'item' },
                  legend: { bottom: 0, type: 'scroll' },
                  series: [
                    {
                      type: 'pie',
                      radius: ['35%', '65%'],
                      center: ['50%', '45%'],
                      data: overview.openAlerts.map((a) => ({
                        name: label(a.kind),
                        value: a.count ?? undefined,
                      })),
                    },
                  ],
                }}
              />
            </div>
          </div>
          <div className="charts">
            <table data-testid="postings-by-type">
              <thead>
                <tr>
                  <th>{t('type')}</th>
                  <th>{t('started')}</th>
                  <th>{t('active')}</th>
                  <th>{t('completed')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.postingsByType.map((r) => (
                  <tr key={r.type} data-type={r.type}>
                    <td>
                      {label(r.type)}
                      {r.suppressed && t('suppressed')}
                    </td>
                    <td data-field="started">{figure(r.started)}</td>
                    <td data-field="active">{figure(r.active)}</td>
                    <td data-field="completed">{figure(r.completed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table data-testid="open-alerts">
              <thead>
                <tr>
                  <th>{t('kind')}</th>
                  <th>{t('count')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.openAlerts.map((a) => (
                  <tr key={a.kind} data-kind={a.kind}>
                    <td>
                      <a href={href('alerts', { kind: a.kind })}>{label(a.kind)}</a>
                      {a.suppressed && t('suppressed')}
                    </td>
                    <td data-field="count">{figure(a.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('quotaUse')}</h3>
          <table data-testid="quota-use">
            <thead>
              <tr>
                <th>{t('receivingUnitKind')}</th>
                <th>{t('evaluations')}</th>
                <th>{label('EXCELLENT')}</th>
                <th>{t('quotaCap')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.excellentQuotaUse.map((q) => (
                <tr key={q.receivingUnitKind}>
                  <td>{label(q.receivingUnitKind)}</td>
                  <td>{figure(q.finalEvaluations)}</td>
                  <td>{figure(q.excellent)}</td>
                  <td>{figure(q.cap)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
