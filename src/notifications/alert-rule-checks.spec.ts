import { checkAlertRules } from './alert-rule-checks';

describe('checkAlertRules', () => {
  it('accepts a valid set', () => {
    expect(
      checkAlertRules([
        { name: 'High risk', metric: 'risk_level', threshold: 3 },
        { name: 'Low attendance', metric: 'attendance', threshold: 70 },
        { name: 'Few hours', metric: 'hours_studied', threshold: 5.5 },
      ]),
    ).toEqual([]);
  });

  it('names duplicate names (ignoring case and spaces) and out-of-range thresholds', () => {
    expect(
      checkAlertRules([
        { name: 'Low attendance', metric: 'attendance', threshold: 101 },
        { name: ' low ATTENDANCE', metric: 'hours_studied', threshold: 61 },
        { name: 'Risk', metric: 'risk_level', threshold: 2.5 },
      ]),
    ).toEqual([
      { field: 'rules.0.threshold', message: 'threshold for attendance must be between 0 and 100' },
      { field: 'rules.1.name', message: 'name must be unique; rules.0 has the same name' },
      {
        field: 'rules.1.threshold',
        message: 'threshold for hours_studied must be between 0 and 60',
      },
      {
        field: 'rules.2.threshold',
        message: 'threshold for risk_level must be 1 (low), 2 (medium) or 3 (high)',
      },
    ]);
  });
});
