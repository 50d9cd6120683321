// @ts-check
import { isBuiltin } from 'node:module';
import path from 'node:path';

/**
 * One rule for the folder table in docs/ARCHITECTURE.md ("Folders and what each may import"), in
 * the spirit of VS Code's `code-layering`: a file in a layer may import its own layer, the
 * modules and folders its row names, and the packages its row names; nothing else. A layer may
 * be a single module (the most specific layer holding a file is its own). Relative
 * imports are resolved against the file, so `../telegram` from core is caught like `telegram`.
 *
 * Options: `{ root, layers: { [folder]: { imports?, typeImports?, packages?, node?, testPackages? } } }`
 * - `imports`: repo paths (folders or modules, without extension) the layer may import;
 * - `typeImports`: repo paths it may import with `import type` / `export type` only;
 * - `packages`: npm package names it may import (`@scope/*` allows a whole scope);
 * - `node`: whether Node built-ins are allowed;
 * - `testPackages`: packages allowed in its `*.test.ts(x)` files only.
 *
 * @typedef {{ imports?: string[]; typeImports?: string[]; packages?: string[]; node?: boolean; testPackages?: string[] }} Layer
 */

const paths = { type: 'array', items: { type: 'string' } };

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder imports only what the folder table allows.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {
                imports: paths,
                typeImports: paths,
                packages: paths,
                node: { type: 'boolean' },
                testPackages: paths,
              },
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      module:
        '{{layer}} may not import {{target}}{{how}} (the folder table in docs/ARCHITECTURE.md).',
      outside: '{{layer}} may not import {{target}}: it is outside the app folders.',
      package: '{{layer}} may not import the package {{target}} (docs/ARCHITECTURE.md).',
    },
  },

  create(context) {
    const { root, layers } = /** @type {{ root: string; layers: Record<string, Layer> }} */ (
      context.options[0]
    );
    const file = toRepoPath(path.relative(root, context.filename));
    const folders = Object.keys(layers);
    const own = layerOf(folders, stripExtension(file));
    if (own === undefined) return {};
    const layer = /** @type {Layer} */ (layers[own]);
    const isTest = /\.test\.tsx?$/.test(file);

    /**
     * @param {import('estree').Node} node
     * @param {string} specifier
     * @param {boolean} typeOnly
     */
    function check(node, specifier, typeOnly) {
      if (specifier.startsWith('.')) {
        const target = stripExtension(path.posix.join(path.posix.dirname(file), specifier));
        const targetLayer = layerOf(folders, target);
        if (targetLayer === own) return;
        const allowed = [...(layer.imports ?? []), ...(typeOnly ? (layer.typeImports ?? []) : [])];
        if (allowed.some((entry) => within(target, entry))) return;
        const typesOnly = (layer.typeImports ?? []).some((entry) => within(target, entry));
        context.report({
          node,
          messageId: targetLayer === undefined ? 'outside' : 'module',
          data: { layer: own, target, how: typesOnly ? ' except with `import type`' : '' },
        });
        return;
      }
      const name = packageName(specifier);
      if (isBuiltin(specifier)) {
        if (layer.node === true) return;
      } else {
        const allowed = [...(layer.packages ?? []), ...(isTest ? (layer.testPackages ?? []) : [])];
        if (allowed.some((entry) => entry === name || scopeMatches(entry, name))) return;
      }
      context.report({ node, messageId: 'package', data: { layer: own, target: name } });
    }

    return {
      ImportDeclaration(node) {
        check(node, String(node.source.value), isTypeOnly(node, 'importKind'));
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, String(node.source.value), isTypeOnly(node, 'exportKind'));
      },
      ExportAllDeclaration(node) {
        check(node, String(node.source.value), isTypeOnly(node, 'exportKind'));
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') {
          check(node, node.source.value, false);
        }
      },
      /** `typeof import('…')` in a type: a type-only import. @param {any} node */
      TSImportType(node) {
        const source = node.source ?? node.argument?.literal;
        if (typeof source?.value === 'string') check(node, source.value, true);
      },
    };
  },
};

/**
 * Only `import type` / `export type` disappear from the output: with `verbatimModuleSyntax`,
 * `import { type A }` still loads the module.
 * @param {import('estree').Node} node
 * @param {'importKind' | 'exportKind'} key
 */
function isTypeOnly(node, key) {
  return /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (node))[key] === 'type';
}

/** @param {string} p */
function toRepoPath(p) {
  return p.split(path.sep).join('/');
}

/** @param {string} p */
function stripExtension(p) {
  return p.replace(/\.(ts|tsx|js|mjs|cjs|json)$/, '').replace(/\/index$/, '');
}

/**
 * @param {string} target
 * @param {string} entry
 */
function within(target, entry) {
  return target === entry || target.startsWith(`${entry}/`);
}

/**
 * The most specific layer folder that holds `p`.
 * @param {string[]} folders
 * @param {string} p
 */
function layerOf(folders, p) {
  return folders
    .filter((folder) => within(p, folder))
    .sort((a, b) => b.length - a.length)
    .at(0);
}

/** @param {string} specifier */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * @param {string} entry
 * @param {string} name
 */
function scopeMatches(entry, name) {
  return entry.endsWith('/*') && name.startsWith(entry.slice(0, -1));
}

export default { rules: { layers: rule } };
