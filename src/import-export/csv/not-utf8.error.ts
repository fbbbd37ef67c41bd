import { CsvSyntaxError } from './csv-syntax.error';

/**
 * A byte sequence that is not UTF-8. `textBefore` is the text decoded from the bytes before it
 * that the decoder had not returned yet (at most one chunk): feeding it to the CSV parser puts
 * the parser at the bad byte, so the problem can name its row and column.
 */
export class NotUtf8Error extends CsvSyntaxError {
  constructor(readonly textBefore: string) {
    super('not_utf8', 1, null, 'The file is not UTF-8 text (save it as "CSV UTF-8").');
    this.name = 'NotUtf8Error';
  }
}
