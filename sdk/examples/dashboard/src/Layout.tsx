/**
 * The frame of every page: navigation, language switch, who is signed in, and the live alert
 * feed. The one `alertChanged` subscription lives here, so it stays open across pages; each event
 * refreshes the queries it affects (the SDK's hook does that) and is listed in the feed.
 */
import { useAlertChangedSubscription } from '@guazhi/sdk/react';
import type { AlertChangedSubscription } from '@guazhi/sdk';
import { useState, type ReactNode } from 'react';
import { useI18n } from './i18n';
import { href } from './router';
import { useSession } from './session';

type AlertEvent = AlertChangedSubscription['alertChanged'];

/** Events kept in the feed. */
const FEED_LENGTH = 8;

export function Layout(props: { section: string; children: ReactNode }) {
  const { t, label, locale, setLocale } = useI18n();
  const { user, signOut } = useSession();
  const [feed, setFeed] = useState<AlertEvent[]>([]);
  const live = useAlertChangedSubscription(
    {},
    {
      onData: (event) => setFeed((events) => [event.alertChanged, ...events].slice(0, FEED_LENGTH)),
    },
  );
  const nav: [string, string][] = [
    ['', t('overview')],
    ['alerts', t('alerts')],
    ['postings', t('postings')],
  ];
  return (
    <div className="layout">
      <header>
        <h1>{t('appTitle')}</h1>
        <nav>
          {nav.map(([section, text]) => (
            <a
              key={section}
              href={href(section)}
              className={props.section === section ? 'current' : undefined}
            >
              {text}
            </a>
          ))}
        </nav>
        <span
          className={`live live-${live.status}`}
          data-testid="live-status"
          data-status={live.status}
          title={t('liveConnected')}
        >
          ● {t('live')}
        </span>
        <span className="who" data-testid="signed-in-as">
          {user?.username} ({user?.role})
        </span>
        <button type="button" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
          {t('language')}
        </button>
        <button type="button" onClick={signOut}>
          {t('signOut')}
        </button>
      </header>
      <div className="body">
        <main>{props.children}</main>
        <aside className="feed" data-testid="live-feed">
          <h2>{t('liveFeed')}</h2>
          {feed.length === 0 && <p className="muted">{t('none')}</p>}
          <ul>
            {feed.map((event) => (
              <li key={event.eventId} data-alert-id={event.alert.id} data-change={event.change}>
                <strong>{label(event.change)}</strong> {label(event.alert.kind)}
                <br />
                {event.alert.posting && (
                  <a href={href('postings', event.alert.posting.id)}>
                    {event.alert.posting.receivingUnit.name} · {event.alert.posting.positionTitle}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </div>
  );
}
