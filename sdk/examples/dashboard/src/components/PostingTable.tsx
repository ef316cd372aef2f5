import type { PostingSummaryFragment } from '@guazhi/sdk';
import { useI18n } from '../i18n';
import { href } from '../router';

/** Postings as rows, each linking to its page and to its units' pages. */
export function PostingTable(props: { postings: PostingSummaryFragment[]; testId?: string }) {
  const { t, label } = useI18n();
  return (
    <table className="list" data-testid={props.testId}>
      <thead>
        <tr>
          <th>{t('cadre')}</th>
          <th>{t('type')}</th>
          <th>{t('status')}</th>
          <th>{t('position')}</th>
          <th>{t('sendingUnit')}</th>
          <th>{t('receivingUnit')}</th>
          <th>{t('start')}</th>
          <th>{t('plannedEnd')}</th>
        </tr>
      </thead>
      <tbody>
        {props.postings.map((p) => (
          <tr key={p.id} data-posting-id={p.id} data-status={p.status} data-type={p.type}>
            <td>
              <a href={href('postings', p.id)}>{p.cadre?.name ?? t('hidden')}</a>
            </td>
            <td>{label(p.type)}</td>
            <td>
              <span className={`tag status-${p.status}`}>{label(p.status)}</span>
            </td>
            <td>{p.positionTitle}</td>
            <td>
              <a href={href('units', p.sendingUnit.id)} data-unit-id={p.sendingUnit.id}>
                {p.sendingUnit.name}
              </a>
            </td>
            <td>
              <a href={href('units', p.receivingUnit.id)} data-unit-id={p.receivingUnit.id}>
                {p.receivingUnit.name}
              </a>
            </td>
            <td className="date">{p.startDate}</td>
            <td className="date">{p.plannedEndDate}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
