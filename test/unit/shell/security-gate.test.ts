/**
 * The static security gate: parses every TypeScript file under electron/ with the TypeScript
 * compiler and fails on anything that weakens Electron's defaults, wherever it is written:
 * object literals (BrowserWindow options, webPreferences, spread helpers), assignments
 * (`prefs.sandbox = false`), `@electron/remote`, dangerous Chromium switches, and calls to
 * shell.openExternal outside the guarded path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/** webPreferences keys and the only value each may have; `null` means the key is banned. */
const requiredValues: Readonly<Record<string, boolean | null>> = {
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  contextIsolation: true,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  enableRemoteModule: null,
  enableBlinkFeatures: null,
  disableBlinkFeatures: null,
  nodeIntegrationInSubframes: null,
};

const bannedModules = ['@electron/remote', 'electron/remote', 'electron-remote'];
const isBannedModule = (specifier: string) =>
  bannedModules.some((banned) => specifier === banned || specifier.startsWith(`${banned}/`));
const bannedSwitches = [
  'no-sandbox',
  'disable-web-security',
  'ignore-certificate-errors',
  'allow-running-insecure-content',
  'disable-site-isolation-trials',
  'remote-debugging-port',
  'enable-blink-features',
  'js-flags',
];
/** Files allowed to call shell.openExternal: the guard that checks isAllowedExternalUrl. */
const openExternalFiles = ['electron/shell/hardening.ts', 'electron/shell/app-main.ts'];

interface Finding {
  file: string;
  line: number;
  problem: string;
}

function propertyName(name: ts.PropertyName | ts.MemberName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))
    return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression))
    return name.expression.text;
  return null;
}

function literalBoolean(node: ts.Expression): boolean | null {
  let inner = node;
  while (
    ts.isParenthesizedExpression(inner) ||
    ts.isAsExpression(inner) ||
    ts.isSatisfiesExpression(inner)
  ) {
    inner = inner.expression;
  }
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (inner.kind === ts.SyntaxKind.FalseKeyword) return false;
  return null;
}

/** Checks one `key: value` (or `x.key = value`) against the required values. */
function checkSetting(key: string, value: ts.Expression | null): string | null {
  if (!Object.hasOwn(requiredValues, key)) return null;
  const required = requiredValues[key];
  if (required === null) return `${key} must not be set`;
  if (value === null) return `${key} must be the literal ${String(required)}`;
  const actual = literalBoolean(value);
  if (actual === null) return `${key} must be the literal ${String(required)}, not an expression`;
  if (actual !== required) return `${key}: ${String(actual)} weakens Electron's defaults`;
  return null;
}

function scanSource(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, problem: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ file, line: line + 1, problem });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const key = propertyName(node.name);
      const problem = key === null ? null : checkSetting(key, node.initializer);
      if (problem !== null) report(node, problem);
    } else if (ts.isShorthandPropertyAssignment(node)) {
      const problem = checkSetting(node.name.text, null);
      if (problem !== null) report(node, problem);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left))
    ) {
      const key = ts.isPropertyAccessExpression(node.left)
        ? node.left.name.text
        : ts.isStringLiteralLike(node.left.argumentExpression)
          ? node.left.argumentExpression.text
          : null;
      const problem = key === null ? null : checkSetting(key, node.right);
      if (problem !== null) report(node, problem);
    } else if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      isBannedModule(node.moduleSpecifier.text)
    ) {
      report(node, `${node.moduleSpecifier.text} must not be used`);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const callee = node.expression;
      const calleeName = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : callee.kind === ts.SyntaxKind.ImportKeyword
            ? 'import'
            : '';
      if (
        (calleeName === 'require' || calleeName === 'import') &&
        first !== undefined &&
        ts.isStringLiteralLike(first) &&
        isBannedModule(first.text)
      ) {
        report(node, `${first.text} must not be used`);
      }
      if (
        (calleeName === 'appendSwitch' || calleeName === 'appendArgument') &&
        first !== undefined &&
        ts.isStringLiteralLike(first) &&
        bannedSwitches.includes(first.text.replace(/^--/, '').split('=')[0] ?? '')
      ) {
        report(node, `the Chromium switch ${first.text} weakens the sandbox or web security`);
      }
      if (calleeName === 'openExternal' && !openExternalFiles.includes(file)) {
        report(node, 'shell.openExternal outside the guarded path (use the window-open guard)');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'),
    )
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('static security gate', () => {
  it('nothing under electron/ weakens the Electron defaults', () => {
    const files = typescriptFiles(join(root, 'electron'));
    expect(files.length).toBeGreaterThan(10);
    const findings = files.flatMap((path) =>
      scanSource(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8')),
    );
    expect(findings).toEqual([]);
  });

  it('the shell does set the secure values it is checked for', () => {
    const text = readFileSync(join(root, 'electron', 'shell', 'security.ts'), 'utf8');
    expect(scanSource('electron/shell/security.ts', text)).toEqual([]);
    for (const key of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'webSecurity: true',
    ]) {
      expect(text).toContain(key);
    }
  });

  describe('self-test: it flags weakened settings', () => {
    it.each([
      ['new BrowserWindow({ webPreferences: { nodeIntegration: true } })', 'nodeIntegration: true'],
      ['const o = { webPreferences: { contextIsolation: false } };', 'contextIsolation: false'],
      ['const prefs = { sandbox: false };', 'sandbox: false'],
      ['win = new BrowserWindow({ webPreferences: { webSecurity: false } })', 'webSecurity: false'],
      ['const p = { allowRunningInsecureContent: true }', 'allowRunningInsecureContent: true'],
      ['const p = { webviewTag: true }', 'webviewTag: true'],
      ['const p = { experimentalFeatures: true }', 'experimentalFeatures: true'],
      ["const p = { enableBlinkFeatures: 'CSSVariables' }", 'enableBlinkFeatures must not be set'],
      ['const p = { nodeIntegrationInSubFrames: true }', 'nodeIntegrationInSubFrames: true'],
      ['const p = { nodeIntegrationInWorker: true }', 'nodeIntegrationInWorker: true'],
      ["const p = { 'nodeIntegration': true }", 'nodeIntegration: true'],
      ["const p = { ['sandbox']: false }", 'sandbox: false'],
      ['const p = { sandbox: (false as boolean) }', 'sandbox: false'],
      ['const p = { sandbox: isDev }', 'not an expression'],
      ['const p = { nodeIntegration: !isPackaged }', 'not an expression'],
      ['const sandbox = false; const p = { sandbox };', 'sandbox must be the literal true'],
      ['prefs.contextIsolation = false;', 'contextIsolation: false'],
      ["prefs['webSecurity'] = false;", 'webSecurity: false'],
      ['const p = { enableRemoteModule: true }', 'enableRemoteModule must not be set'],
      [
        "import { initialize } from '@electron/remote/main';",
        '@electron/remote/main must not be used',
      ],
      ["import remote from '@electron/remote';", '@electron/remote must not be used'],
      ["const remote = require('@electron/remote');", '@electron/remote must not be used'],
      ["await import('@electron/remote');", '@electron/remote must not be used'],
      ["app.commandLine.appendSwitch('no-sandbox');", 'no-sandbox'],
      ["app.commandLine.appendSwitch('--disable-web-security');", 'disable-web-security'],
      [
        "app.commandLine.appendSwitch('ignore-certificate-errors', 'true');",
        'ignore-certificate-errors',
      ],
      ['void shell.openExternal(url);', 'openExternal outside the guarded path'],
    ])('%s', (fixture, problem) => {
      const findings = scanSource('electron/fixture.ts', fixture);
      expect(findings.map((finding) => finding.problem).join('\n')).toContain(problem);
      expect(findings[0]?.line).toBe(1);
    });

    it('secure settings pass', () => {
      const secure = `
        new BrowserWindow({ webPreferences: {
          contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false,
          webviewTag: false, experimentalFeatures: false, devTools: !isPackaged } });
        prefs.sandbox = true;
        app.commandLine.appendSwitch('lang', 'en-US');
      `;
      expect(scanSource('electron/fixture.ts', secure)).toEqual([]);
    });

    it('reports the line of the offence', () => {
      const findings = scanSource(
        'electron/x.ts',
        'const a = 1;\n\nconst p = {\n  sandbox: false,\n};\n',
      );
      expect(findings).toEqual([
        { file: 'electron/x.ts', line: 4, problem: "sandbox: false weakens Electron's defaults" },
      ]);
    });
  });
});
