import { describe, expect, it } from 'vitest';
import { home, newLogin, shownRoute } from './route';

describe('shownRoute', () => {
  it('opens a new login while there is no account', () => {
    expect(shownRoute(null, 0)).toEqual(newLogin);
  });

  it('opens the highlighted account once the restored accounts arrive after an unlock', () => {
    // The first read after an unlock can come before main restored anything.
    expect(shownRoute(null, 0)).toEqual(newLogin);
    expect(shownRoute(null, 2)).toEqual(home);
  });

  it('keeps the place the user went to, whatever the accounts do', () => {
    const settings = { name: 'settings' } as const;
    expect(shownRoute(settings, 0)).toEqual(settings);
    expect(shownRoute(newLogin, 3)).toEqual(newLogin);
  });
});
