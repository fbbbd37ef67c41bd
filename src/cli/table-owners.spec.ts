import { foreignTables, tableOwners, type SourceFile } from './table-owners';

const ENTITIES: SourceFile[] = [
  { path: 'src/users/entities/user.entity.ts', text: "@Entity({ name: 'users' })\nclass User {}" },
  { path: 'src/shop/entities/order.entity.ts', text: "@Entity('orders')\nclass Order {}" },
];

const file = (path: string, text: string): SourceFile => ({ path, text });

function check(files: SourceFile[], exceptions = [] as Parameters<typeof foreignTables>[2]) {
  const all = [...ENTITIES, ...files];
  return foreignTables(all, tableOwners(all), exceptions);
}

describe('table ownership check', () => {
  it('maps each table to the module whose entities/ folder declares it', () => {
    const owners = tableOwners(ENTITIES);
    expect(owners.get('users')).toBe('users');
    expect(owners.get('orders')).toBe('shop');
    expect(owners.get('import_staging')).toBe('students');
  });

  it("reports another module's table named in SQL, with its file, line and owner", () => {
    const violations = check([
      file(
        'src/shop/orders.repository.ts',
        'const a = 1;\nconst sql = `SELECT o.id\n  FROM orders o\n  JOIN users u ON u.id = o.user_id`;',
      ),
      file('src/billing/bill.ts', 'query(\'UPDATE "orders" SET paid = true\')'),
    ]);
    expect(violations).toEqual([
      { path: 'src/shop/orders.repository.ts', line: 4, table: 'users', owner: 'users' },
      { path: 'src/billing/bill.ts', line: 1, table: 'orders', owner: 'shop' },
    ]);
  });

  it('reads only literals: comments, identifiers and words outside SQL keywords do not count', () => {
    const violations = check([
      file(
        'src/shop/a.ts',
        '// joins users for their names\n/* FROM users */\nconst users = "the users";',
      ),
    ]);
    expect(violations).toEqual([]);
  });

  it('leaves src/database, src/cli and specs out, and lets a listed exception only read', () => {
    const exceptions = [{ module: 'reports', owners: ['shop'], reason: 'aggregates' }];
    const violations = check(
      [
        file('src/database/drift.ts', "'REFERENCES users(id)'"),
        file('src/cli/tool.ts', "'SELECT * FROM users'"),
        file('src/shop/a.spec.ts', "'SELECT * FROM users'"),
        file('src/reports/sales.ts', "'SELECT count(*) FROM orders'"),
        file('src/reports/clean.ts', "'DELETE FROM orders'\n'INSERT INTO orders'"),
      ],
      exceptions,
    );
    expect(violations).toEqual([
      { path: 'src/reports/clean.ts', line: 1, table: 'orders', owner: 'shop' },
      { path: 'src/reports/clean.ts', line: 2, table: 'orders', owner: 'shop' },
    ]);
  });
});
