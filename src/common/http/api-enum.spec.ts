import { apiEnum, apiEnumDefinitions, apiEnumParameter } from './api-enum';

describe('apiEnum', () => {
  it('names a value set for @ApiProperty and remembers its description', () => {
    const named = apiEnum('SpecColour', ['red', 'green'], 'A colour.');
    expect(named).toEqual({ enum: ['red', 'green'], enumName: 'SpecColour' });
    expect(apiEnumDefinitions().get('SpecColour')).toEqual({
      values: ['red', 'green'],
      description: 'A colour.',
    });
  });

  it('allows the same name again only with the same values in the same order', () => {
    apiEnum('SpecSize', ['s', 'm'], 'A size.');
    expect(apiEnum('SpecSize', ['s', 'm'], 'A size.').enumName).toBe('SpecSize');
    expect(() => apiEnum('SpecSize', ['m', 's'], 'A size.')).toThrow(/SpecSize/);
    expect(() => apiEnum('SpecSize', ['s', 'm', 'l'], 'A size.')).toThrow(/SpecSize/);
  });

  it('refers to the named schema from a parameter', () => {
    const named = apiEnum('SpecShape', ['round'], 'A shape.');
    expect(apiEnumParameter(named)).toEqual({
      type: 'string',
      allOf: [{ $ref: '#/components/schemas/SpecShape' }],
    });
    expect(apiEnumParameter(named, true)).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/SpecShape' },
    });
  });
});
