import { useLoginMutation } from '@guazhi/sdk/react';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session';

/** The `login` mutation; a wrong password is a userError, shown as the server words it. */
export function SignInPage() {
  const { t, locale, setLocale } = useI18n();
  const { signIn } = useSession();
  const login = useLoginMutation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      const { login: result } = await login.mutateAsync({ input: { username, password } });
      if (result.token && result.user) signIn(result.token, result.user);
      else setProblem(result.userErrors.map((e) => e.message).join('; ') || t('signInFailed'));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <div className="signin">
      <form onSubmit={submit} className="card">
        <h1>{t('appTitle')}</h1>
        <label>
          {t('username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? t('signingIn') : t('signIn')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
        >
          {t('language')}
        </button>
      </form>
    </div>
  );
}
