import { IsInt, IsNumber, Max, Min } from 'class-validator';

/** The bounds of a number, both included. */
export interface NumberRange {
  min: number;
  max: number;
}

/**
 * The validators of a finite number (or an integer) within a range, each failure named after the
 * field: `<field> must be a number`, `<field> must be at least <min>`, `... at most <max>`.
 */
export function numberInRange(
  field: string,
  range: NumberRange,
  integer = false,
): PropertyDecorator[] {
  return [
    integer
      ? IsInt({ message: `${field} must be an integer` })
      : IsNumber(
          { allowNaN: false, allowInfinity: false },
          { message: `${field} must be a number` },
        ),
    Min(range.min, { message: `${field} must be at least ${range.min}` }),
    Max(range.max, { message: `${field} must be at most ${range.max}` }),
  ];
}
