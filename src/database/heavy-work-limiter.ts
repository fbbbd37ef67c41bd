import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { HeavyWorkLane, HeavyWorkLimitError } from './heavy-work.errors';

/**
 * First key of the advisory locks (the two-int form, pg_try_advisory_xact_lock(key, slot))
 * whose slots 0..limit-1 count each lane's work across every instance on the database.
 */
export const HEAVY_WORK_LOCK_KEYS: Readonly<Record<HeavyWorkLane, number>> = {
  batch_prediction: 7_300_601,
  import: 7_300_602,
  export: 7_300_603,
  training: 7_300_604,
};

const LANE_WORDS: Readonly<Record<HeavyWorkLane, string>> = {
  batch_prediction: 'batch predictions',
  import: 'imports',
  export: 'exports',
  training: 'training jobs',
};

/** A place taken by admitted work; `release` gives it back (once; later calls do nothing). */
export interface HeavyWorkLease {
  readonly lane: HeavyWorkLane;
  release(): void;
}

/** Anything that runs SQL and returns the rows: an EntityManager or a QueryRunner. */
interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

const CLAIM_SLOT_SQL = `SELECT slot FROM generate_series(0, $2::int - 1) AS slot
WHERE pg_try_advisory_xact_lock($1::int, slot) LIMIT 1`;

/**
 * Bounds heavy work (batch predictions, imports, exports, training) without ever queueing it:
 * work is admitted at once or refused at once with HeavyWorkLimitError (429, Retry-After).
 *
 * On this instance each lane admits at most its configured number (config.heavyWork), and all
 * lanes together at most DB_HEAVY_POOL_MAX, so admitted work always finds a free connection of
 * the heavy pool and never waits for one. Across instances, admitted work then claims one of
 * its lane's slots inside its own transaction (`claimClusterSlot`): an advisory lock that the
 * database releases at commit, rollback or loss of the connection, so nothing leaks.
 */
@Injectable()
export class HeavyWorkLimiter {
  private readonly running = new Map<HeavyWorkLane, number>();
  private total = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The lane's limit (per instance, and across instances). */
  limit(lane: HeavyWorkLane): number {
    const limits = this.config.heavyWork;
    switch (lane) {
      case 'batch_prediction':
        return limits.batchPredictions;
      case 'import':
        return limits.imports;
      case 'export':
        return limits.exports;
      case 'training':
        return limits.trainings;
    }
  }

  /** Work of the lane admitted on this instance and not yet released. */
  inUse(lane: HeavyWorkLane): number {
    return this.running.get(lane) ?? 0;
  }

  /** Admits work of the lane on this instance, or throws HeavyWorkLimitError at once. */
  admit(lane: HeavyWorkLane): HeavyWorkLease {
    const limit = this.limit(lane);
    if (this.inUse(lane) >= limit) {
      throw this.refusal(
        lane,
        `Too many ${LANE_WORDS[lane]} are running on this server (at most ${limit} at once).`,
      );
    }
    const poolMax = this.config.database.heavyPoolMax;
    if (this.total >= poolMax) {
      throw this.refusal(
        lane,
        `All ${poolMax} connections for heavy work (batch predictions, imports, exports, training) are busy on this server.`,
      );
    }
    this.running.set(lane, this.inUse(lane) + 1);
    this.total += 1;
    let released = false;
    return {
      lane,
      release: () => {
        if (released) return;
        released = true;
        this.running.set(lane, this.inUse(lane) - 1);
        this.total -= 1;
      },
    };
  }

  /** Runs `work` admitted in the lane, releasing its place when it settles. */
  async run<T>(lane: HeavyWorkLane, work: () => Promise<T>): Promise<T> {
    const lease = this.admit(lane);
    try {
      return await work();
    } finally {
      lease.release();
    }
  }

  /**
   * Claims one of the lane's slots across every instance on the database, inside the caller's
   * open transaction (the lock is held until it ends), or throws HeavyWorkLimitError when
   * every slot is taken. Returns the slot number.
   */
  async claimClusterSlot(lane: HeavyWorkLane, transaction: SqlRunner): Promise<number> {
    const limit = this.limit(lane);
    const rows = (await transaction.query(CLAIM_SLOT_SQL, [HEAVY_WORK_LOCK_KEYS[lane], limit])) as {
      slot: number;
    }[];
    if (rows.length === 0) {
      throw this.refusal(
        lane,
        `Too many ${LANE_WORDS[lane]} are running across the service (at most ${limit} at once).`,
      );
    }
    return rows[0].slot;
  }

  /** The 429 of a refused lane, with the configured Retry-After. */
  refusal(
    lane: HeavyWorkLane,
    reason: string,
    extensions: Record<string, unknown> = {},
  ): HeavyWorkLimitError {
    const seconds = this.config.heavyWork.retryAfterSeconds;
    return new HeavyWorkLimitError(
      `${reason} Nothing was started; retry after ${seconds} seconds.`,
      lane,
      this.limit(lane),
      seconds,
      extensions,
    );
  }
}
