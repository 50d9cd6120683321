// GramJS (`telegram`) is a CommonJS package whose deep imports (`telegram/sessions`,
// `telegram/extensions/Logger`) have no extension and often name a folder. Node's ESM resolver
// refuses both, and Playwright loads the test DC as ESM. This hook retries such specifiers the
// way CommonJS would: with `.js`, then `/index.js`.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!specifier.startsWith('telegram/')) throw error;
    for (const candidate of [`${specifier}.js`, `${specifier}/index.js`]) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // try the next form
      }
    }
    throw error;
  }
}
