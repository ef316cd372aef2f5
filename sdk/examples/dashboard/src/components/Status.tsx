import type { GuazhiError } from '@guazhi/sdk';
import { useI18n } from '../i18n';

/** What a query shows while it loads or when it failed (the server's message, in the UI's language). */
export function Status(props: { loading?: boolean; error?: GuazhiError | null }) {
  const { t } = useI18n();
  if (props.error)
    return (
      <p className="error" role="alert">
        {t('error')}: {props.error.message}
      </p>
    );
  if (props.loading) return <p className="muted">{t('loading')}</p>;
  return null;
}
