/**
 * Self-hosted updates: the same installers, signed like a release, but electron-updater reads
 * latest.yml (and beta.yml) from your own server instead of GitHub releases.
 *
 *   GRAMDECK_UPDATE_URL=https://updates.example.org/gramdeck \
 *   GRAMDECK_PUBLISHER_NAME='CN=Example Ltd, O=Example Ltd, C=GB' \
 *     electron-builder --config build/electron-builder.self-hosted.ts
 *
 * GRAMDECK_UPDATE_URL must be an https URL: electron-updater checks each download against the
 * sha512 in the feed, and on Linux that checksum is all it checks, so a feed over plain http
 * would let anyone on the network path replace the update. The URL is refused, and the build
 * stops, when it is missing, not https, or carries credentials (they would ship inside every
 * installer's app-update.yml).
 *
 * GRAMDECK_PUBLISHER_NAME, when set, replaces the pinned Windows publisher with the subject of
 * your own code signing certificate; without it, installed apps accept only updates signed by
 * the Gramdeck publisher.
 */
import type { Configuration } from 'app-builder-lib';

export class UpdateUrlError extends Error {
  override readonly name = 'UpdateUrlError';
}

/** The update feed URL from GRAMDECK_UPDATE_URL, or an error that says what to fix. */
export function selfHostedUpdateUrl(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new UpdateUrlError('Set GRAMDECK_UPDATE_URL to the https address of your update server.');
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UpdateUrlError('GRAMDECK_UPDATE_URL is not a URL.');
  }
  if (url.protocol !== 'https:') {
    throw new UpdateUrlError(
      `GRAMDECK_UPDATE_URL must use https, not ${url.protocol.slice(0, -1) || 'no scheme'}: updates are only checked against the checksums the feed itself lists.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new UpdateUrlError(
      'GRAMDECK_UPDATE_URL must not contain a user name or password: it is written into every installer.',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UpdateUrlError('GRAMDECK_UPDATE_URL must not have a query or a fragment.');
  }
  return url.href.replace(/\/+$/, '');
}

export default function selfHostedConfig(): Configuration {
  const publisherName = process.env['GRAMDECK_PUBLISHER_NAME']?.trim();
  return {
    extends: 'electron-builder.yml',
    publish: [
      { provider: 'generic', url: selfHostedUpdateUrl(process.env['GRAMDECK_UPDATE_URL']) },
    ],
    // A string, not a list: electron-builder merges a child's list into the parent's (so the
    // Gramdeck publisher would stay accepted), while a string replaces it.
    ...(publisherName ? { win: { signtoolOptions: { publisherName } } } : {}),
  };
}
