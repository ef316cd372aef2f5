import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { I18nProvider, type Locale } from './i18n';
import { SessionProvider } from './session';
import './styles.css';

function Root() {
  const [locale, setLocale] = useState<Locale>(
    new URLSearchParams(window.location.search).get('lang') === 'en' ? 'en' : 'zh-CN',
  );
  return (
    <I18nProvider locale={locale} setLocale={setLocale}>
      <SessionProvider locale={locale}>
        <App />
      </SessionProvider>
    </I18nProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
