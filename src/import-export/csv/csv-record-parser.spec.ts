import { CsvRecord, CsvRecordParser } from './csv-record-parser';
import { CsvSyntaxError } from './csv-syntax.error';

function parse(
  text: string | string[],
  options: Partial<ConstructorParameters<typeof CsvRecordParser>[0]> = {},
): CsvRecord[] {
  const parser = new CsvRecordParser({ maxFieldLength: 1000, maxFieldsPerRecord: 50, ...options });
  const chunks = Array.isArray(text) ? text : [text];
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
}

function cells(text: string | string[], options = {}): string[][] {
  return parse(text, options).map((r) => r.fields);
}

function syntaxError(fn: () => unknown): CsvSyntaxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('CsvRecordParser', () => {
  it('splits plain records on \\n, \\r\\n and \\r', () => {
    expect(cells('a,b\n1,2\r\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('does not make a record of the final line break', () => {
    expect(cells('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads quoted cells with separators, doubled quotes and line breaks', () => {
    expect(cells('a,b\n"x, y","say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('numbers rows as a spreadsheet shows them: header 1, blank lines counted, one row per record', () => {
    const records = parse('h1,h2\n"multi\nline",x\n\nlast,y\n');
    expect(records.map((r) => [r.row, r.fields])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['multi\nline', 'x']],
      [3, ['']],
      [4, ['last', 'y']],
    ]);
  });

  it('gives the same records whatever the chunking, even inside quotes and CRLF', () => {
    const text = 'a,b\r\n"q""x",2\r\n3,"4\r\n5"\r\n';
    const whole = cells(text);
    for (let size = 1; size <= 5; size += 1) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(cells(chunks)).toEqual(whole);
    }
  });

  it('detects ; as the separator from the header', () => {
    const parser = new CsvRecordParser({ maxFieldLength: 100, maxFieldsPerRecord: 10 });
    const records = [...parser.push('a;b;c\n1,5;2;3\n'), ...parser.end()];
    expect(parser.detectedDelimiter).toBe(';');
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1,5', '2', '3'],
    ]);
  });

  it('detects the separator of a single line without a line break', () => {
    expect(cells('a;b')).toEqual([['a', 'b']]);
  });
});

describe('CsvRecordParser limits', () => {
  it('refuses a quote that is never closed, naming the row where it opens', () => {
    const error = syntaxError(() => parse('a,b\n1,2\n3,"open\n4,5\n'));
    expect(error.problem).toBe('unterminated_quote');
    expect(error.row).toBe(3);
  });

  it('refuses an over-long cell as soon as it is seen, without reading the rest', () => {
    const parser = new CsvRecordParser({ maxFieldLength: 10, maxFieldsPerRecord: 10 });
    parser.push('a,b\n');
    const error = syntaxError(() => parser.push(`1,"${'x'.repeat(50)}`));
    expect(error.problem).toBe('field_too_long');
    expect(error.row).toBe(2);
    expect(error.cellIndex).toBe(1);
  });

  it('refuses an over-long unquoted cell of a complete record, naming its row and cell', () => {
    const error = syntaxError(() =>
      parse(`a,b\n1,2\n3,${'x'.repeat(11)}\n5,6\n`, { maxFieldLength: 10 }),
    );
    expect(error.problem).toBe('field_too_long');
    expect(error.row).toBe(3);
    expect(error.cellIndex).toBe(1);
  });

  it('accepts cells of exactly the longest length, quoted or not', () => {
    const ten = 'y'.repeat(10);
    expect(cells(`a,b\n${ten},"${ten}"\r\n`, { maxFieldLength: 10 })).toEqual([
      ['a', 'b'],
      [ten, ten],
    ]);
  });

  it('catches an over-long cell that grows across many chunks', () => {
    const parser = new CsvRecordParser({ maxFieldLength: 100, maxFieldsPerRecord: 10 });
    parser.push('a\n');
    const error = syntaxError(() => {
      for (let i = 0; i < 50; i += 1) parser.push('yyyyyyyyyy');
    });
    expect(error.problem).toBe('field_too_long');
  });

  it('refuses a first line without a line break longer than the header limit', () => {
    const parser = new CsvRecordParser({
      maxFieldLength: 10,
      maxFieldsPerRecord: 10,
      maxHeaderLength: 20,
    });
    expect(syntaxError(() => parser.push('x'.repeat(30))).problem).toBe('header_too_long');
  });
  it('counts but does not keep cells beyond the limit', () => {
    const [record] = parse(`${','.repeat(99)}\n`, { maxFieldsPerRecord: 5 });
    expect(record.fields).toHaveLength(5);
    expect(record.fieldCount).toBe(100);
  });
});

describe('CsvRecordParser stray quotes and chunk edges', () => {
  it('keeps stray quotes inside unquoted cells', () => {
    expect(cells('a,b\nab"c,d"\n')).toEqual([
      ['a', 'b'],
      ['ab"c', 'd"'],
    ]);
  });

  it('refuses text after a closing quote instead of joining the records that follow', () => {
    const error = syntaxError(() => parse('a,b\n1,2\n"x"y,2\n3,"4"\n5,6\n'));
    expect(error.problem).toBe('unterminated_quote');
    expect(error.row).toBe(3);
  });

  it('refuses text after a closing quote in a record split across chunks', () => {
    const parser = new CsvRecordParser({ maxFieldLength: 20, maxFieldsPerRecord: 10 });
    parser.push('a,b\n"x"y,');
    const error = syntaxError(() => {
      for (let i = 0; i < 10; i += 1) parser.push('2\n3,4\n');
    });
    expect(error.problem).toBe('unterminated_quote');
    expect(error.row).toBe(2);
  });

  it('refuses an unfinished record longer than the record limit, even of short cells', () => {
    const parser = new CsvRecordParser({
      maxFieldLength: 10,
      maxFieldsPerRecord: 5,
      maxRecordLength: 100,
    });
    parser.push('a,b\n1,2\n');
    const error = syntaxError(() => {
      for (let i = 0; i < 30; i += 1) parser.push('x,y,z,');
    });
    expect(error.problem).toBe('cell_count');
    expect(error.row).toBe(3);
  });

  it('keeps a CRLF split between two chunks as one line break', () => {
    expect(cells(['a,b\r', '\n1,2\r', '\n'])).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads empty cells and empty quoted cells as empty strings', () => {
    expect(cells('a,b,c\n,"",\n')).toEqual([
      ['a', 'b', 'c'],
      ['', '', ''],
    ]);
  });

  it('tells the row and cell where pushed text ends', () => {
    const parser = new CsvRecordParser({ maxFieldLength: 100, maxFieldsPerRecord: 10 });
    const header = parser.pushAndLocate('a;b;c\n1;2;3\n4;"x\ny";Zo');
    expect(header.records.map((r) => r.row)).toEqual([1, 2]);
    expect(header).toMatchObject({ row: 3, cellIndex: 2 });
    expect(parser.pushAndLocate(';5\n')).toMatchObject({ row: 4, cellIndex: 0 });
    const fresh = new CsvRecordParser({ maxFieldLength: 100, maxFieldsPerRecord: 10 });
    expect(fresh.pushAndLocate('Id,Na')).toMatchObject({ records: [], row: 1, cellIndex: 1 });
  });
});
