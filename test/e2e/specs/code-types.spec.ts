import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

/**
 * Every auth.SentCodeType, one test each, with the demo account the test DC has for it: what
 * the code step says, what its field takes, and signing in.
 */

const accounts = {
  email: { phone: '+9996620031', name: 'Emma Demo' },
  setupEmail: { phone: '+9996620032', name: 'Sam Demo' },
  smsWord: { phone: '+9996620033', name: 'Wendy Demo' },
  smsPhrase: { phone: '+9996620034', name: 'Phil Demo' },
  missedCall: { phone: '+9996620035', name: 'Mia Demo' },
  flashCall: { phone: '+9996620036', name: 'Fred Demo' },
  fragment: { phone: '+9996620037', name: 'Frida Demo' },
  firebase: { phone: '+9996620038', name: 'Finn Demo' },
} as const;

test('app: the code arrives in the Telegram app', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.dave.phone);
  await expect(page.getByText('We sent the code to your Telegram app')).toBeVisible();
  // Dave's number has one way only: no resend is offered.
  await expect(page.getByText('No other way to send the code is available.')).toBeVisible();
  await expect(page.getByRole('button', { name: /instead|again/ })).toHaveCount(0);
  await shot(page, '01-app');
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.dave.phone));
  await expect(page.getByRole('heading', { level: 1, name: demo.dave.name })).toBeVisible();
});

test('sms: the code arrives by SMS', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.bob.phone);
  await expect(page.getByText('We sent the code by SMS to +99966 1 0002.')).toBeVisible();
  await shot(page, '01-sms');
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.bob.phone));
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
});

test('call: a voice reads the code', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.alice.phone);
  await page.getByRole('button', { name: 'Send the code by SMS instead' }).click();
  await page.getByRole('button', { name: 'Call me with the code instead' }).click();
  await expect(page.getByText(/We are calling .+ a voice will read the code to you/)).toBeVisible();
  await shot(page, '01-call');
  const code = await codeFor(gramdeck, demo.alice.phone);
  await page.getByLabel('Code').fill(code);
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
});

test('email: the code goes to the login email', async ({ gramdeck }) => {
  const { page } = gramdeck;
  const { phone, name } = accounts.email;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  await expect(
    page.getByText('We sent the code to your email address e***@example.com.'),
  ).toBeVisible();
  await shot(page, '01-email');
  await page.getByLabel('Code').fill(await codeFor(gramdeck, phone));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('setUpEmailRequired: add a login email first, then the code sent there', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  const { phone, name } = accounts.setupEmail;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  await expect(page.getByRole('heading', { name: 'Add a login email' })).toBeVisible();
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByLabel('Login email')).toHaveAccessibleDescription(
    'Enter an email address like name@example.com.',
  );
  await page.getByLabel('Login email').fill('sam@example.com');
  await shot(page, '01-login-email');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText('We sent a code to s***@example.com')).toBeVisible();
  let emailCode = '';
  await expect
    .poll(() => (emailCode = dc.control.lastEmailSetupCode(phone) ?? ''))
    .toMatch(/^\d{6}$/);
  await shot(page, '02-confirm-email');
  await page.getByLabel('Code from the email').fill(emailCode);

  await expect(
    page.getByText('We sent the code to your email address s***@example.com.'),
  ).toBeVisible();
  await page.getByLabel('Code').fill(await codeFor(gramdeck, phone));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('smsWord: the code is a word', async ({ gramdeck }) => {
  const { page } = gramdeck;
  const { phone, name } = accounts.smsWord;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  const word = await codeFor(gramdeck, phone);
  await expect(
    page.getByText(
      `Enter the code word it contains (it starts with the letter “${word.charAt(0)}”)`,
    ),
  ).toBeVisible();
  const field = page.getByLabel('Code word');
  await field.fill(`${word.toUpperCase()} `);
  await shot(page, '01-word');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('smsPhrase: the code is a phrase of words', async ({ gramdeck }) => {
  const { page } = gramdeck;
  const { phone, name } = accounts.smsPhrase;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  const phrase = await codeFor(gramdeck, phone);
  await expect(
    page.getByText(`(it starts with the word “${phrase.split(' ')[0] ?? ''}”)`),
  ).toBeVisible();
  await page.getByLabel('Code phrase').fill(phrase);
  await shot(page, '01-phrase');
  await page.getByLabel('Code phrase').press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('missedCall: the last digits of the number that called', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  const { phone, name } = accounts.missedCall;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  await expect(
    page.getByText(
      'Enter the last 4 digits of the number that called you (it starts with +999771).',
    ),
  ).toBeVisible();
  await shot(page, '01-missed-call');
  await codeFor(gramdeck, phone);
  const caller = dc.control.lastCallingNumber(phone) ?? '';
  await page.getByLabel('Last digits of the number').fill(caller.slice(-4));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('flashCall: the whole number that called, checked against its pattern', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  const { phone, name } = accounts.flashCall;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  await expect(page.getByText('(it looks like +999772•••••)')).toBeVisible();
  const field = page.getByLabel('Number that called you');
  await field.fill('+999 773 12345');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(field).toHaveAccessibleDescription(/That is not the number that called/);
  await shot(page, '01-flash-call-wrong-number');
  await codeFor(gramdeck, phone);
  const caller = dc.control.lastCallingNumber(phone) ?? '';
  await field.fill(`${caller.slice(0, 4)} ${caller.slice(4, 7)} ${caller.slice(7)}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('fragmentSms: the code is read on Fragment, linked from the step', async ({ gramdeck }) => {
  const { page } = gramdeck;
  const { phone, name } = accounts.fragment;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  await expect(page.getByText('Read it on Fragment, where you bought the number.')).toBeVisible();
  const link = page.getByRole('link', { name: 'Open your number on Fragment' });
  await expect(link).toHaveAttribute('href', `https://fragment.com/number/${phone.slice(1)}/code`);
  await expect(link).toHaveAttribute('rel', 'noreferrer noopener');
  await shot(page, '01-fragment');
  await page.getByLabel('Code').fill(await codeFor(gramdeck, phone));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('firebaseSms: explained, no code field, and the next way signs in', async ({ gramdeck }) => {
  const { page } = gramdeck;
  const { phone, name } = accounts.firebase;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  await expect(page.getByRole('heading', { name: 'Get the code another way' })).toBeVisible();
  await expect(
    page.getByText(/only Telegram’s official Android and iOS apps can use/),
  ).toBeVisible();
  await expect(page.getByLabel('Code')).toHaveCount(0);
  await shot(page, '01-firebase');
  await page.getByRole('button', { name: 'Send the code by SMS instead' }).click();
  await expect(page.getByText('We sent the code by SMS to')).toBeVisible();
  await page.getByLabel('Code').fill(await codeFor(gramdeck, phone));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});

test('resend ended by PHONE_CODE_EXPIRED: resend off, "Send a new code" starts over', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  const { phone, name } = accounts.firebase;
  await setUpSandbox(gramdeck);
  await enterPhone(page, phone);
  dc.control.queueError('auth.resendCode', 'PHONE_CODE_EXPIRED');
  await page.getByRole('button', { name: 'Send the code by SMS instead' }).click();
  const sendNew = page.getByRole('button', { name: 'Send a new code' });
  await expect(sendNew).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send the code by SMS instead' })).toHaveCount(0);
  await shot(page, '01-ended');
  await sendNew.click();
  await page.getByRole('button', { name: 'Send the code by SMS instead' }).click();
  await page.getByLabel('Code').fill(await codeFor(gramdeck, phone));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
});
