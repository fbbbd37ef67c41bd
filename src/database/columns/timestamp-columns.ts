import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** When the row was inserted (timestamptz, set by the database). */
export function CreatedAtColumn(): PropertyDecorator {
  return CreateDateColumn({ type: 'timestamptz' });
}

/** When the row was last updated (timestamptz, set on every save). */
export function UpdatedAtColumn(): PropertyDecorator {
  return UpdateDateColumn({ type: 'timestamptz' });
}
