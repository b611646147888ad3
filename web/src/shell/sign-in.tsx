import { type FormEvent, useState } from 'react';
import { ApiError, createApiClient, whoAmI } from '../api/client.ts';
import type { Caller } from '../api/types.ts';

const storageKey = 'launchcrew.token';

/** The signed-in token and who it belongs to. */
export interface Session {
  token: string;
  caller: Caller;
}

/**
 * The token kept for this browser tab (sessionStorage: gone when the tab closes; never a cookie).
 *
 * @example
 * const token = storedToken();
 */
export function storedToken(): string | null {
  return window.sessionStorage.getItem(storageKey);
}

/**
 * Remembers or forgets the token of this tab.
 *
 * @example
 * storeToken(null); // sign out
 */
export function storeToken(token: string | null): void {
  if (token === null) window.sessionStorage.removeItem(storageKey);
  else window.sessionStorage.setItem(storageKey, token);
}

/**
 * The sign-in form: checks the API token with `GET /v1/me` and keeps it for the tab.
 *
 * @example
 * <SignIn onSignedIn={setSession} />
 */
export function SignIn(props: { onSignedIn(session: Session): void; notice?: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(props.notice ?? null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = token.trim();
    if (!trimmed) {
      setError('Enter your API token.');
      return;
    }
    setBusy(true);
    try {
      const caller = await whoAmI(createApiClient(trimmed));
      storeToken(trimmed);
      props.onSignedIn({ token: trimmed, caller });
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'This token is not valid or was revoked.'
          : `Cannot sign in: ${caught instanceof Error ? caught.message : String(caught)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>LaunchCrew</h1>
      <form onSubmit={(event) => void submit(event)} aria-describedby="sign-in-help">
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        <p id="sign-in-help" className="hint">
          Create one with <code>launchcrew token create --role viewer --name you</code>. It is kept
          for this tab only.
        </p>
        {error && (
          <p id="sign-in-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
