import { useI18n } from './i18n';
import { Layout } from './Layout';
import { AlertsPage } from './pages/AlertsPage';
import { OverviewPage } from './pages/OverviewPage';
import { PostingPage } from './pages/PostingPage';
import { PostingsPage } from './pages/PostingsPage';
import { SignInPage } from './pages/SignInPage';
import { UnitPage } from './pages/UnitPage';
import { useRoute } from './router';
import { useSession } from './session';

export function App() {
  const { user } = useSession();
  const route = useRoute();
  const { t } = useI18n();
  if (!user) return <SignInPage />;
  const [section, id] = route.parts;
  let page;
  if (!section) page = <OverviewPage />;
  else if (section === 'alerts') page = <AlertsPage kind={route.params.get('kind')} />;
  else if (section === 'postings' && id) page = <PostingPage id={id} />;
  else if (section === 'postings') page = <PostingsPage params={route.params} />;
  else if (section === 'units' && id) page = <UnitPage id={id} />;
  else page = <p>{t('notFound')}</p>;
  return <Layout section={section ?? ''}>{page}</Layout>;
}
