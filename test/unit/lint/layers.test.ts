import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * The repository's own ESLint config, running only the layer rule and without type information:
 * the files below do not exist, the rule needs only their path.
 */
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: path.join(root, 'eslint.config.js'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'layers/layers',
});

async function lint(file: string, code: string): Promise<ESLint.LintResult['messages']> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, file) });
  return result!.messages;
}

interface Row {
  folder: string;
  file: string;
  allowed: string[];
  forbidden: string[];
}

/** One row per line of the folder table in docs/ARCHITECTURE.md. */
const rows: Row[] = [
  {
    folder: 'electron/shared',
    file: 'electron/shared/fixture.ts',
    allowed: [
      "import { z } from 'zod';",
      "import type { AppError } from './errors';",
      "import { channelNames } from './contract';",
      "import { passcodeMinLength } from './rules';",
    ],
    forbidden: [
      "import type { Clock } from '../core/ports';",
      "import { createGramJsGateway } from '../telegram';",
      "import { readFile } from 'node:fs';",
      "import Store from 'electron-store';",
    ],
  },
  {
    folder: 'electron/shared, its zod-free modules',
    file: 'electron/shared/rules.ts',
    allowed: [
      "import type { AppError } from './errors';",
      "import { channelNames } from './channel-names';",
    ],
    forbidden: [
      "import { z } from 'zod';",
      "import { channels } from './contract';",
      "import type { Clock } from '../core/ports';",
    ],
  },
  {
    folder: 'electron/core',
    file: 'electron/core/accounts/fixture.ts',
    allowed: [
      "import { failure } from '../../shared/errors';",
      "import type { TelegramGateway } from '../ports';",
      "import { Vault } from '../vault/vault';",
      "import { randomBytes } from 'node:crypto';",
      "import { z } from 'zod';",
      "import Conf from 'conf';",
      "import { parsePhoneNumber } from 'libphonenumber-js';",
    ],
    forbidden: [
      "import { createGramJsGateway } from '../../telegram';",
      "import type { mapUser } from '../../telegram/map';",
      "type Gateway = typeof import('../../telegram/gramjs-gateway');",
      "export { createGramJsGateway } from '../../telegram';",
      "await import('../../shell/tray');",
      "import { startWebHost } from '../../host/web-host';",
      "import { allowedChannels } from '../../preload/ipc-names';",
      "import { formatPhone } from '../../../renderer/src/lib/phone';",
      "import { run } from '../../../scripts/web.mjs';",
      "import { app } from 'electron';",
      "import { TelegramClient } from 'telegram';",
      "import { WebSocketServer } from 'ws';",
    ],
  },
  {
    folder: 'electron/telegram',
    file: 'electron/telegram/fixture.ts',
    allowed: [
      "import type { TelegramGateway } from '../core/ports';",
      "import { failure } from '../shared/errors';",
      "import { TelegramClient } from 'telegram';",
      "import { StringSession } from 'telegram/sessions';",
      "import { Worker } from 'node:worker_threads';",
      "import { mapUser } from './map';",
    ],
    forbidden: [
      "import { loginErrorMessage } from '../core/login/error-messages';",
      "import type { GramdeckCore } from '../core/app';",
      "import { startWebHost } from '../host/web-host';",
      "import { createTray } from '../shell/tray';",
      "import { app } from 'electron';",
      "import Conf from 'conf';",
    ],
  },
  {
    folder: 'electron/host',
    file: 'electron/host/fixture.ts',
    allowed: [
      "import { createCore } from '../core/app';",
      "import { createRouter } from '../core/ipc/router';",
      "import { createGramJsGateway } from '../telegram';",
      "import type { WebAuthMessage } from '../shared/web-wire';",
      "import { WebSocketServer } from 'ws';",
      "import { z } from 'zod';",
      "import { createServer } from 'node:http';",
    ],
    forbidden: [
      "import { runApp } from '../shell/app-main';",
      "import { createGramdeckBridge } from '../preload/bridge';",
      "import { app } from 'electron';",
      "import Store from 'electron-store';",
      "import { TelegramClient } from 'telegram';",
    ],
  },
  {
    folder: 'electron/shell',
    file: 'electron/shell/fixture.ts',
    allowed: [
      "import { app } from 'electron';",
      "import Store from 'electron-store';",
      "import { autoUpdater } from 'electron-updater';",
      "import { readFileSync } from 'node:fs';",
      "import { createCore } from '../core/app';",
      "import { createGramJsGateway } from '../telegram';",
      "import { startWebHost } from '../host/web-host';",
      "import { channels } from '../shared/contract';",
    ],
    forbidden: [
      "import { allowedChannels } from '../preload/ipc-names';",
      "import { TelegramClient } from 'telegram';",
      "import { WebSocketServer } from 'ws';",
      "import { App } from '../../renderer/src/app/app';",
    ],
  },
  {
    folder: 'electron/preload',
    file: 'electron/preload/fixture.ts',
    allowed: [
      "import { contextBridge, ipcRenderer } from 'electron';",
      "import type { Channel } from '../shared/contract';",
      "import { channelNames } from '../shared/channel-names';",
      "import { createGramdeckBridge } from './bridge';",
    ],
    forbidden: [
      "import { channels } from '../shared/contract';",
      // With verbatimModuleSyntax an inline `type` still loads the module (and zod with it).
      "import { type Channel } from '../shared/contract';",
      "import type { Clock } from '../core/ports';",
      "import { z } from 'zod';",
      "import { readFileSync } from 'node:fs';",
    ],
  },
  {
    folder: 'renderer/src',
    file: 'renderer/src/features/fixture/fixture.ts',
    allowed: [
      "import type { AccountView } from '../../../../electron/shared/dto';",
      "type Dto = typeof import('../../../../electron/shared/dto');",
      "export type { AppError } from '../../../../electron/shared/errors';",
      "import { appErrorCodes } from '../../../../electron/shared/errors';",
      "import { passcodeMinLength } from '../../../../electron/shared/rules';",
      "import type { WebAuthMessage } from '../../../../electron/shared/web-wire';",
      "import { channelNames } from '../../../../electron/shared/channel-names';",
      "import { formatWait } from '../../../../electron/shared/error-words';",
      "import { useState } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "await import('@zxcvbn-ts/core');",
      "import { parsePhoneNumber } from 'libphonenumber-js';",
      "import QRCode from 'qrcode';",
      "import { Button } from '../../ui/button';",
    ],
    forbidden: [
      "import { accountViewSchema } from '../../../../electron/shared/dto';",
      "import { channels } from '../../../../electron/shared/contract';",
      "import type { Clock } from '../../../../electron/core/ports';",
      "await import('../../../../electron/core/app');",
      "import { ipcRenderer } from 'electron';",
      "import { z } from 'zod';",
      "import { join } from 'node:path';",
      "import { TelegramClient } from 'telegram';",
      "import { test } from 'vitest';",
    ],
  },
];

describe.each(rows)('$folder', ({ file, allowed, forbidden }) => {
  test.each(forbidden)('reports %s', async (code) => {
    const messages = await lint(file, code);
    expect(messages.map((message) => message.ruleId)).toEqual(['layers/layers']);
  });

  test.each(allowed)('allows %s', async (code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});

test('renderer tests may import vitest, beside the code they test', async () => {
  expect(await lint('renderer/src/lib/fixture.test.ts', "import { test } from 'vitest';")).toEqual(
    [],
  );
});

test('the report names the rule broken and where the table is', async () => {
  const [message] = await lint(
    'electron/telegram/fixture.ts',
    "import { loginErrorMessage } from '../core/login/error-messages';",
  );
  expect(message?.message).toBe(
    'electron/telegram may not import electron/core/login/error-messages (the folder table in docs/ARCHITECTURE.md).',
  );
  const [typesOnly] = await lint(
    'renderer/src/fixture.ts',
    "import { channels } from '../../electron/shared/contract';",
  );
  expect(typesOnly?.message).toBe(
    'renderer/src may not import electron/shared/contract except with `import type` (the folder table in docs/ARCHITECTURE.md).',
  );
});
