import { useEffect, useMemo, useState } from 'react';
import { ApiError, createApiClient, whoAmI } from '../api/client.ts';
import { LaunchView } from '../launch/launch-view.tsx';
import { PortfolioView } from '../portfolio/portfolio-view.tsx';
import { followLink, useRoute } from './routing.ts';
import { type Session, SignIn, storedToken, storeToken } from './sign-in.tsx';

/**
 * The dashboard: sign-in, then the portfolio (`/`) or one launch (`/app/launches/{id}`).
 *
 * @example
 * createRoot(element).render(<App />);
 */
export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const route = useRoute();

  useEffect(() => {
    const token = storedToken();
    if (!token) return;
    whoAmI(createApiClient(token))
      .then((caller) => setSession({ token, caller }))
      .catch((error: unknown) => {
        storeToken(null);
        if (error instanceof ApiError && error.status === 401)
          setNotice('Your token is no longer valid; sign in again.');
      })
      .finally(() => setChecking(false));
  }, []);

  const api = useMemo(() => (session ? createApiClient(session.token) : null), [session]);
  if (checking) return <p className="loading">Loading…</p>;
  if (!session || !api) return <SignIn onSignedIn={setSession} notice={notice} />;

  const signOut = () => {
    storeToken(null);
    setSession(null);
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <a className="brand" href="/" onClick={followLink}>
          LaunchCrew
        </a>
        <span className="who">
          Signed in as <strong>{session.caller.name}</strong> ({session.caller.role})
        </span>
        <button type="button" className="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {route.view === 'launch' ? (
          <LaunchView
            key={route.launchId}
            api={api}
            caller={session.caller}
            launchId={route.launchId}
          />
        ) : (
          <PortfolioView api={api} />
        )}
      </main>
    </>
  );
}
