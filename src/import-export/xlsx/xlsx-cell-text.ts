import type { CellValue } from 'exceljs';
import { neutraliseFormula } from '../formula-guard';

/**
 * A number as the CSV parser expects it: at most 15 significant digits, as a spreadsheet shows
 * it, so binary noise goes away (7.000000000000001 is 7, 0.30000000000000004 is 0.3).
 */
function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number.isInteger(value) ? value : Number(value.toPrecision(15)));
}

/** A date cell: the day (`2024-09-01`), or the moment when it has a time of day. */
function dateText(value: Date): string {
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** The text of a cell without the formula guard: what the cell shows, or its cached result. */
function plainText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return plainText((value as { result?: CellValue }).result ?? null);
  }
  if ('error' in value) return value.error;
  if ('text' in value) {
    const text = (value as { text: unknown }).text;
    return typeof text === 'string' ? text : plainText(text as CellValue);
  }
  return '';
}

/**
 * The CSV text of a worksheet cell, as the import's CSV parser reads it: numbers in plain
 * digits, booleans as Yes/No, a formula's cached result, rich text joined, a hyperlink's text.
 * Text a spreadsheet would run as a formula gets the export's `'` guard, which the import
 * removes again, so a text cell such as `'=x` arrives unchanged.
 */
export function xlsxCellText(value: CellValue | undefined): string {
  const text = plainText(value);
  return typeof value === 'number' ? text : neutraliseFormula(text);
}
