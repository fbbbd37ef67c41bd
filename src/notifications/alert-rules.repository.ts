import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { normalizeReturning } from '../database/normalize-returning';
import type { MainTransactionHost } from '../database/transactions';
import type { ReplaceAlertRulesDto } from './dto/replace-alert-rules.dto';
import { AlertRule } from './entities/alert-rule.entity';

/** The notifications module's only access to `alert_rules`, in the current transaction. */
@Injectable()
export class AlertRulesRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** Every rule, by name. */
  all(): Promise<AlertRule[]> {
    return this.txHost.tx.getRepository(AlertRule).find({ order: { name: 'ASC' } });
  }

  /** Makes concurrent replacements of the rule set run one after the other. */
  async lockForReplace(): Promise<void> {
    await this.txHost.tx.query('LOCK TABLE alert_rules IN SHARE ROW EXCLUSIVE MODE');
  }

  /** Deletes the rules whose name is not in `names`; returns the deleted names. */
  async deleteOthers(names: readonly string[]): Promise<string[]> {
    const removed: unknown = await this.txHost.tx.query(
      `DELETE FROM alert_rules WHERE NOT (name = ANY($1::varchar[])) RETURNING name`,
      [names],
    );
    return normalizeReturning<{ name: string }>(removed).map((r) => r.name);
  }

  /** Inserts the rules, or updates the one of the same name, in one statement. */
  async upsert(rules: ReplaceAlertRulesDto['rules'], updatedBy: string): Promise<void> {
    if (rules.length === 0) return;
    await this.txHost.tx.query(
      `INSERT INTO alert_rules (name, metric, operator, threshold, severity, enabled, updated_by)
       SELECT r.name, r.metric, r.operator, r.threshold, r.severity, r.enabled, $2::uuid
       FROM jsonb_to_recordset($1::jsonb) AS r(
         name varchar, metric varchar, operator varchar, threshold float8, severity varchar,
         enabled boolean
       )
       ON CONFLICT (name) DO UPDATE SET
         metric = EXCLUDED.metric, operator = EXCLUDED.operator,
         threshold = EXCLUDED.threshold, severity = EXCLUDED.severity,
         enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        JSON.stringify(
          rules.map((r) => ({
            name: r.name,
            metric: r.metric,
            operator: r.operator,
            threshold: r.threshold,
            severity: r.severity,
            enabled: r.enabled ?? true,
          })),
        ),
        updatedBy,
      ],
    );
  }
}
