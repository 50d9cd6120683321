/**
 * The real web host (electron/host/web-host.ts) in front of a stand-in router that answers the
 * renderer's startup reads with N accounts (the values of test/support/stand-in-bridge.ts), for
 * the renderer figures (issue 17). The page takes the printed URL's token, opens the host's
 * WebSocket and reads the list through its own web transport, and the host serialises each
 * answer as it would the core's: only the core behind it is a stand-in (seeding 10,000 real
 * accounts would measure the core and the DC instead). `accounts:list-first` answers the list's
 * first rows as the core does (electron/core/accounts/account-view.ts, `accountsFirst`). Every
 * other call gets a plain failure.
 */
import { createEventBus } from '../../../electron/core/ipc/event-bus';
import type { Router } from '../../../electron/core/ipc/router';
import { startWebHost, type WebHost } from '../../../electron/host/web-host';
import type { AccountsState, AccountSummary } from '../../../electron/shared/dto';
import { silentLogger } from '../../support/logger';
import {
  standInAnswerTexts,
  standInFirstRows,
  type StandInOptions,
} from '../../support/stand-in-bridge';

export async function startStandInHost(
  rendererDir: string,
  accounts: AccountSummary[],
  options: StandInOptions,
): Promise<WebHost> {
  // Values, as the core holds its state: the host's JSON.stringify is the cost a page waits for.
  const answers = new Map(
    Object.entries(standInAnswerTexts(accounts, options)).map(([channel, text]) => [
      channel,
      JSON.parse(text) as unknown,
    ]),
  );
  const list = answers.get('accounts:list') as AccountsState;
  // Building the stand-in data leaves garbage (10,000 accounts' JSON texts) a core that read its
  // state would not have; collected here (under --expose-gc), not in the middle of the first load.
  // Read off globalThis: without the flag the bare name `gc` is not declared and would throw.
  globalThis.gc?.();
  const router: Router = {
    dispatch: (channel, payload) => {
      if (channel === 'accounts:list-first') {
        const { limit } = payload as { limit: number };
        return Promise.resolve({ ok: true, value: standInFirstRows(list, limit) });
      }
      return Promise.resolve(
        typeof channel === 'string' && answers.has(channel)
          ? { ok: true, value: answers.get(channel) }
          : { ok: false, error: { code: 'UNAVAILABLE', message: 'Not part of this run.' } },
      );
    },
  };
  return startWebHost({ router, events: createEventBus(), rendererDir, logger: silentLogger });
}
