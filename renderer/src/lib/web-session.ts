import { webTokenParam } from '../../../electron/shared/web-wire';

/** sessionStorage is scoped to this origin (scheme, host and port) and to this tab. */
const storageKey = 'gramdeck.web-token';

function tokenInFragment(): string | null {
  const token = new URLSearchParams(location.hash.slice(1)).get(webTokenParam);
  return token === null || token === '' ? null : token;
}

/**
 * The web host's per-launch token for this page. The printed URL carries it in its fragment
 * (`/#token=T`), which the browser never sends in a request, a Referer or a log line. The page
 * keeps it in sessionStorage, so a reload still has it, and takes it out of the address bar.
 * Null when this tab was opened without the printed URL.
 */
export function takeWebToken(): string | null {
  const fromFragment = tokenInFragment();
  if (fromFragment !== null) {
    try {
      sessionStorage.setItem(storageKey, fromFragment);
    } catch {
      // Storage refused (a privacy mode): the token lives in memory and a reload asks again.
    }
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return fromFragment;
  }
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

/** Drops a token the host refused (it restarted with a new one), so no reload retries it. */
export function forgetWebToken(): void {
  try {
    sessionStorage.removeItem(storageKey);
  } catch {
    // Nothing was stored.
  }
}

/**
 * Pasting the printed URL into a tab that already shows the app changes only the fragment, which
 * loads nothing: start over so that the new token is taken.
 */
export function reloadOnNewToken(): void {
  window.addEventListener('hashchange', () => {
    if (tokenInFragment() !== null) location.reload();
  });
}
