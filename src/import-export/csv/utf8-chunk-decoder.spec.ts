import { CsvSyntaxError } from './csv-syntax.error';
import { NotUtf8Error } from './not-utf8.error';
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

describe('Utf8ChunkDecoder text before a bad byte', () => {
  function refusal(write: () => unknown): NotUtf8Error {
    try {
      write();
    } catch (error) {
      if (error instanceof NotUtf8Error) return error;
      throw error;
    }
    throw new Error('expected a NotUtf8Error');
  }

  it('gives the text before the first bad byte, within a chunk', () => {
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.write(Buffer.from('\uFEFFa,b\n', 'utf8'))).toBe('a,b\n');
    const chunk = Buffer.concat([Buffer.from('José,Zo'), Buffer.from([0xeb, 0x2c, 0xff])]);
    const error = refusal(() => decoder.write(chunk));
    expect(error.problem).toBe('not_utf8');
    expect(error.textBefore).toBe('José,Zo');
  });

  it('drops a byte-order mark from the text before a bad byte in the first chunk', () => {
    const chunk = Buffer.concat([Buffer.from('\uFEFFab', 'utf8'), Buffer.from([0xe9, 0x41])]);
    expect(refusal(() => new Utf8ChunkDecoder().write(chunk)).textBefore).toBe('ab');
  });

  it('gives the text before a bad sequence that began in an earlier chunk', () => {
    const decoder = new Utf8ChunkDecoder();
    const e9 = Buffer.from('é', 'utf8');
    expect(decoder.write(Buffer.concat([Buffer.from('xyz'), e9.subarray(0, 1)]))).toBe('xyz');
    expect(decoder.write(e9.subarray(1))).toBe('é');
    expect(decoder.write(Buffer.from([0x61, 0xe2]))).toBe('a');
    expect(decoder.write(Buffer.from([0x82]))).toBe('');
    const error = refusal(() => decoder.write(Buffer.from('bc')));
    expect(error.textBefore).toBe('');
  });

  it('gives no more text when a sequence is cut off at the end of the file', () => {
    const decoder = new Utf8ChunkDecoder();
    expect(decoder.write(Buffer.from([0x61, 0xc3]))).toBe('a');
    expect(refusal(() => decoder.end()).textBefore).toBe('');
  });
});
