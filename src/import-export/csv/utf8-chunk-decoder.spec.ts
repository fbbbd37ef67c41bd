import { CsvSyntaxError } from './csv-syntax.error';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder';

describe('Utf8ChunkDecoder', () => {
  it('drops a byte-order mark and decodes sequences split across chunks', () => {
    const bytes = Buffer.from('\uFEFFJosé,Zoë\n', 'utf8');
    const decoder = new Utf8ChunkDecoder();
    let text = '';
    for (const byte of bytes) text += decoder.write(Uint8Array.of(byte));
    text += decoder.end();
    expect(text).toBe('José,Zoë\n');
    expect(decoder.bytesRead).toBe(bytes.length);
  });

  it('refuses bytes that are not UTF-8', () => {
    const decoder = new Utf8ChunkDecoder();
    expect(() => decoder.write(Buffer.from([0x41, 0xff, 0xfe, 0x42]))).toThrow(CsvSyntaxError);
  });

  it('refuses text with NUL characters as binary', () => {
    const decoder = new Utf8ChunkDecoder();
    try {
      decoder.write(Buffer.from('a,b\u0000c'));
      throw new Error('expected an error');
    } catch (error) {
      expect((error as CsvSyntaxError).problem).toBe('not_text');
    }
  });

  it('refuses a sequence cut off at the end of the file', () => {
    const decoder = new Utf8ChunkDecoder();
    decoder.write(Buffer.from([0x61, 0xc3]));
    expect(() => decoder.end()).toThrow(CsvSyntaxError);
  });
});
