import { describe, expect, it } from 'vitest';
import { downloadUrl } from './download-url';

const session = (text: string) => ({
  accountId: 'a1',
  displayName: 'Alice Demo',
  fileName: 'alice-demo.session',
  text,
});

/** What a browser saves from a `data:` URL. */
async function saved(url: string): Promise<Buffer> {
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

describe('downloadUrl', () => {
  it('saves a string session exactly, with every base64 and URL-safe character', async () => {
    const text = '1BQANOTEuMTA4LjU2LjEzOQG7a+b/c=d-e_f%20?#&';
    expect((await saved(downloadUrl(session(text), 'gramjs'))).toString('utf8')).toBe(text);
  });

  it("saves a .session file's bytes from its base64", async () => {
    const bytes = Buffer.from('SQLite format 3\0\xff\x00\x10', 'latin1');
    const url = downloadUrl(session(bytes.toString('base64')), 'telethon-file');
    expect((await saved(url)).equals(bytes)).toBe(true);
  });
});
