import { MAX_REPORTED_PROBLEMS, ProblemList } from './import-problems';

const problem = (row: number) => ({
  row,
  column: null,
  message: `row ${row}`,
  code: 'invalid_value' as const,
});

describe('ProblemList', () => {
  it('keeps the first problems and counts them all', () => {
    const list = new ProblemList();
    for (let row = 2; row < 2 + MAX_REPORTED_PROBLEMS + 50; row += 1) list.add(problem(row));
    expect(list.count).toBe(MAX_REPORTED_PROBLEMS + 50);
    expect(list.items).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(list.items[0].row).toBe(2);
  });

  it('merges problems found later in row order', () => {
    const list = new ProblemList();
    list.add(problem(3));
    list.add(problem(9));
    list.merge([problem(5), problem(12)], 7);
    expect(list.items.map((p) => p.row)).toEqual([3, 5, 9, 12]);
    expect(list.count).toBe(9);
  });
});
