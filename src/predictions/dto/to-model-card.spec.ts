import { readActiveModelFiles } from '../ml';
import { toModelCard } from './to-model-card';

describe('toModelCard', () => {
  const { card } = readActiveModelFiles('ml-models');
  const dto = toModelCard(
    card,
    { isActive: true, activatedAt: new Date('2026-01-01T00:00:00Z'), fileHash: 'ab', bytes: 10 },
    { highBelow: 55, mediumBelow: 62 },
  );

  it('maps the card to snake_case with the metrics and baselines', () => {
    expect(dto.version).toBe(card.version);
    expect(dto.metrics.held_out?.forest.mae).toBe(card.metrics.heldOut?.forest.mae);
    expect(dto.metrics.held_out?.linear_baseline.mae).toBe(
      card.metrics.heldOut?.linearBaseline.mae,
    );
    expect(dto.training_data.held_out_rows).toBe(card.data.heldOutRows);
    expect(dto.tolerance).toBe(card.uncertainty.tolerance);
    expect(dto.uncertainty.held_out_coverage?.interval_coverage).toBe(
      card.uncertainty.heldOut?.intervalCoverage,
    );
    expect(dto.model.params).toEqual(
      expect.objectContaining({ learner: 'robust-additive', huber_delta: expect.any(Number) }),
    );
    expect(dto.metrics.held_out?.random_forest?.mae).toBe(card.metrics.heldOut?.randomForest?.mae);
    expect(dto.metrics.cross_validation?.linear_baseline.r2).toBe(
      card.metrics.crossValidation?.linearBaseline.r2,
    );
    expect(dto.early_warning?.held_out?.map((w) => w.threshold)).toEqual([60, 65]);
    expect(dto.early_warning?.probability_level).toBe(card.risk.probabilityLevel);
    expect(JSON.stringify(dto)).not.toMatch(/"[a-z]+[A-Z][A-Za-z]*":/);
  });

  it('flattens subgroup errors into rows and reports the thresholds in use', () => {
    const female = card.metrics.subgroups.heldOut?.gender.Female;
    expect(dto.subgroup_errors.held_out).toContainEqual({
      factor: 'gender',
      group: 'Female',
      ...female,
    });
    expect(dto.risk_thresholds).toEqual({ high_below: 55, medium_below: 62 });
    expect(dto.activated_at).toBe('2026-01-01T00:00:00.000Z');
  });
});
