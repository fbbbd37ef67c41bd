import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EstimateFactorsDto } from './dto/estimate-factors.dto';
import { FactorChangesDto } from './dto/factor-changes.dto';
import { FEATURE_NAMES } from './ml';
import { estimateFactors, presentChanges } from './predictions.service';

describe('presentChanges', () => {
  it('keeps the factors given, nulls included, and drops the absent ones', () => {
    const dto = plainToInstance(FactorChangesDto, { hours_studied: 30, teacher_quality: null });
    expect(presentChanges(dto)).toEqual({ hours_studied: 30, teacher_quality: null });
    expect(presentChanges(plainToInstance(FactorChangesDto, {}))).toEqual({});
  });

  it('validates changes with the profile ranges', () => {
    const dto = plainToInstance(FactorChangesDto, { hours_studied: 61, sleep_hours: 7 });
    const errors = validateSync(dto);
    expect(errors.map((e) => e.property)).toEqual(['hours_studied']);
  });
});

describe('estimateFactors', () => {
  it('gives all 19 factors in feature order, unknown ones as null', () => {
    const dto = plainToInstance(EstimateFactorsDto, { hours_studied: 20, gender: 'Male' });
    const factors = estimateFactors(dto);
    expect(Object.keys(factors)).toEqual([...FEATURE_NAMES]);
    expect(factors.hours_studied).toBe(20);
    expect(factors.teacher_quality).toBeNull();
  });
});
