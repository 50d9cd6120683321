// The demo's list of sandbox numbers, from the test DC's `listening` line: every demo account,
// then every number with a flood rule (a flood wait, a blocked number), then the sign-up hint.
// README's demo table lists the same numbers in the same order (test/unit/demo checks it).

/** What a flood rule does to the user, in words. */
function describeFloodRule(rule) {
  const wait = /^FLOOD_WAIT_(\d+)$/.exec(rule.error);
  const what = wait
    ? `a flood wait of ${wait[1]} seconds`
    : rule.error === 'PHONE_NUMBER_FLOOD'
      ? 'blocked for too many attempts'
      : `refused with ${rule.error}`;
  const when = rule.afterCalls ? ` after ${rule.afterCalls} calls` : '';
  return `${what} on ${rule.method}${when} (${rule.error})`;
}

/** One line per sandbox number, as the demo prints them. */
export function demoAccountLines(listening) {
  const row = (phone, name, text) => `  ${phone.padEnd(14)} ${name.padEnd(12)} ${text}`;
  const accounts = listening.accounts.map((account) => {
    const extras = [
      `DC ${account.dc}`,
      account.codeTypes?.length ? `codes by ${account.codeTypes.join(' → ')}` : null,
      account.loginEmail ? `login email ${account.loginEmail}` : null,
      account.password
        ? `2FA password "${account.password}" (hint: ${account.hint ?? 'none'})`
        : null,
      account.recoveryEmail
        ? `recovery email ${account.recoveryEmail}`
        : account.password
          ? 'no recovery email'
          : null,
    ].filter(Boolean);
    return row(account.phone, String(account.firstName ?? ''), extras.join(', '));
  });
  const floods = (listening.floodRules ?? []).map((rule) =>
    row(rule.phone, '', describeFloodRule(rule)),
  );
  return [...accounts, ...floods, '  Any other +99966… number is not registered yet: it signs up.'];
}
