import { SqlParams } from './sql-params';

describe('SqlParams', () => {
  it('numbers placeholders in the order the values are added and keeps the values', () => {
    const params = new SqlParams();
    const where = [`a = ${params.add('x')}`, `b > ${params.add(3)}`, `c = ${params.add(null)}`];
    expect(where).toEqual(['a = $1', 'b > $2', 'c = $3']);
    expect(params.values).toEqual(['x', 3, null]);
  });
});
