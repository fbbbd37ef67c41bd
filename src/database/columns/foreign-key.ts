import { JoinColumn, ManyToOne, type ObjectType } from 'typeorm';

/** What happens to a referencing row when the row it references is deleted. */
export type OnDelete = 'CASCADE' | 'SET NULL';

/**
 * A many-to-one relation whose foreign key is `table.column`, under the constraint name PostgreSQL
 * itself would give it: `<table>_<column>_fkey`.
 */
export function ForeignKey<T>(
  target: () => ObjectType<T>,
  table: string,
  column: string,
  onDelete: OnDelete,
): PropertyDecorator {
  const relation = ManyToOne(target, { onDelete });
  const join = JoinColumn({ name: column, foreignKeyConstraintName: `${table}_${column}_fkey` });
  return (prototype, property) => {
    join(prototype, property);
    relation(prototype, property);
  };
}
