/** Logs an account in through the router, reading the code from the test DC's control API. */
import type { TestDc } from '../../tools/telegram-dc';
import type { CoreHarness } from './core-harness';

export async function loginThroughRouter(
  h: CoreHarness,
  dc: TestDc,
  phone: string,
  password?: string,
): Promise<string> {
  const started = await h.ok('auth:start', { phone });
  const code = dc.control.lastCode(phone);
  if (!code) throw new Error(`the DC issued no code for ${phone}`);
  let view = await h.ok('auth:submit-code', { attemptId: started.attemptId, code });
  if (view.step === 'password') {
    if (password === undefined) throw new Error(`${phone} needs a password`);
    view = await h.ok('auth:submit-password', { attemptId: started.attemptId, password });
  }
  if (view.step !== 'done' || !view.accountId) {
    throw new Error(`login of ${phone} ended at ${view.step}: ${view.error?.code ?? ''}`);
  }
  return view.accountId;
}
