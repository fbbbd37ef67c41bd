import { csvCell, csvLine } from './csv-writer';
import { CsvRecordParser } from './csv-record-parser';

describe('csv writer', () => {
  it('leaves plain cells alone and quotes the rest', () => {
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell('Smith, Jr.')).toBe('"Smith, Jr."');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell(' padded')).toBe('" padded"');
  });

  it('writes lines the parser reads back to the same cells', () => {
    const row = ['x', 'Smith, Jr.', 'say "hi"', 'two\r\nlines', '', 'Zoë'];
    const parser = new CsvRecordParser({ maxFieldLength: 100, maxFieldsPerRecord: 10 });
    const records = [
      ...parser.push(csvLine(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']) + csvLine(row)),
      ...parser.end(),
    ];
    expect(records[1].fields).toEqual(row);
  });
});
