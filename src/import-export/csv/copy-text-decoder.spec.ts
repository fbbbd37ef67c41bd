import { Readable } from 'node:stream';
import { CopyTextDecoder } from './copy-text-decoder';
import { copyTextValue } from './pg-copy-text';

async function decode(chunks: Buffer[]): Promise<{ text: string; lines: number }> {
  const decoder = new CopyTextDecoder();
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(decoder)) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString('utf8'), lines: decoder.lines };
}

describe('CopyTextDecoder', () => {
  const values = ['plain', 'two\nlines', 'tab\there', 'back\\slash', 'cr\r', '\b\f\v', 'Zoë'];
  const copied = values.map((v) => `${copyTextValue(v)}\n`).join('');

  it('gives back the values of COPY text lines, counting the rows', async () => {
    const { text, lines } = await decode([Buffer.from(copied, 'utf8')]);
    expect(text).toBe(values.map((v) => `${v}\n`).join(''));
    expect(lines).toBe(values.length);
  });

  it('handles an escape split between chunks, at every split point', async () => {
    const bytes = Buffer.from(copied, 'utf8');
    for (let at = 1; at < bytes.length; at += 1) {
      const { text } = await decode([bytes.subarray(0, at), bytes.subarray(at)]);
      expect(text).toBe(values.map((v) => `${v}\n`).join(''));
    }
  });

  it('refuses an escape COPY never writes', async () => {
    await expect(decode([Buffer.from('a\\q\n')])).rejects.toThrow(/Unexpected escape/);
  });
});
