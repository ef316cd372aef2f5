import type { AlertFieldsFragment } from '@guazhi/sdk';
import { useAcknowledgeAlertMutation } from '@guazhi/sdk/react';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { href } from '../router';
import { useSession } from '../session';

/**
 * One alert with its 阅知 button: `acknowledgeAlert` with the version read, so a change made
 * meanwhile is refused (STALE_VERSION) rather than acknowledged unseen. The hook refreshes the
 * alert lists after it, and the row then shows who acknowledged when. Only the roles that may follow
 * alerts up (ORG_ADMIN, UNIT_MANAGER; the server's alert policy) get the button: an analyst reads.
 */
export function AlertRow(props: { alert: AlertFieldsFragment; showPosting?: boolean }) {
  const { t, label } = useI18n();
  const { alert } = props;
  const acknowledge = useAcknowledgeAlertMutation();
  const [problem, setProblem] = useState<string | null>(null);
  const acknowledged = alert.acknowledgedAt !== null && alert.acknowledgedAt !== undefined;
  const role = useSession().user?.role;
  const mayFollowUp = role === 'ORG_ADMIN' || role === 'UNIT_MANAGER';

  function onAcknowledge() {
    setProblem(null);
    acknowledge.mutate(
      { input: { id: alert.id, note: t('acknowledgeNote'), version: alert.version } },
      {
        onSuccess: ({ acknowledgeAlert }) => {
          if (acknowledgeAlert.userErrors.length > 0)
            setProblem(acknowledgeAlert.userErrors.map((e) => e.message).join('; '));
        },
        onError: (error) => setProblem(error.message),
      },
    );
  }

  return (
    <tr data-alert-id={alert.id} data-kind={alert.kind} data-acknowledged={acknowledged}>
      <td>
        <span className={`tag kind-${alert.kind}`}>{label(alert.kind)}</span>
      </td>
      {props.showPosting !== false && (
        <td>
          {alert.posting && (
            <>
              <a href={href('postings', alert.posting.id)}>{alert.posting.positionTitle}</a>
              <br />
              <a className="muted" href={href('units', alert.posting.receivingUnit.id)}>
                {alert.posting.receivingUnit.name}
              </a>
            </>
          )}
        </td>
      )}
      <td className="date">{alert.raisedOn}</td>
      <td className="detail">{alert.detail}</td>
      <td>
        {acknowledged ? (
          <span className="ok" data-testid="acknowledged">
            ✓ {t('acknowledged')} {alert.acknowledgedAt?.slice(0, 10)}
          </span>
        ) : alert.open ? (
          mayFollowUp && (
            <button type="button" onClick={onAcknowledge} disabled={acknowledge.isPending}>
              {t('acknowledge')}
            </button>
          )
        ) : (
          label('CLEARED')
        )}
        {problem && <div className="error">{problem}</div>}
      </td>
    </tr>
  );
}
