import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { HEAVY_DATA_SOURCE } from '../database/heavy-data-source';
import type { MainTransactionHost } from '../database/transactions';
import { Prediction } from './entities/prediction.entity';
import {
  COPY_PREDICTIONS,
  INSERT_PREDICTIONS,
  NewPrediction,
  PredictionStamp,
  predictionRowsJson,
} from './prediction-store';

/**
 * The predictions module's only access to `predictions`: the INSERT of a few predictions in
 * the current transaction, the COPY of a batch's chunk in the heavy pool's transaction, and
 * the reads by student.
 */
@Injectable()
export class PredictionsRepository {
  constructor(
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
    @InjectTransactionHost(HEAVY_DATA_SOURCE)
    private readonly heavyTx: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** One INSERT of every prediction, in the current transaction. */
  async insert(predictions: readonly NewPrediction[], stamp: PredictionStamp): Promise<void> {
    if (predictions.length === 0) return;
    await this.txHost.tx.query(INSERT_PREDICTIONS, [
      predictionRowsJson(predictions),
      stamp.requestedBy,
      stamp.date.toISOString(),
    ]);
  }

  /**
   * Like insert, for many rows, in the heavy pool's current transaction: `copyText` is the
   * rows in COPY's text format (predictionCopyLines). COPY parses less than the JSON recordset
   * of the INSERT (no JSON document around the rows, no key names); the rows, their checks,
   * foreign keys and indexes are the same.
   */
  async copyInBatch(copyText: string): Promise<void> {
    if (copyText === '') return;
    const runner = this.heavyTx.tx.queryRunner;
    if (!runner) throw new Error('a batch of predictions is copied in a transaction');
    // COPY FROM STDIN streams on the pg client itself: TypeORM has no COPY.
    const client = (await runner.connect()) as PoolClient;
    await pipeline(Readable.from([copyText]), client.query(copyFrom(COPY_PREDICTIONS)));
  }

  /** One page of a student's predictions, newest first, and how many there are. */
  pageOfStudent(
    studentProfileId: string,
    page: number,
    perPage: number,
  ): Promise<[Prediction[], number]> {
    return this.txHost.tx.getRepository(Prediction).findAndCount({
      where: { studentProfileId },
      order: { predictionDate: 'DESC', id: 'DESC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
  }

  /** Every prediction of a student, newest first. */
  allOfStudent(studentProfileId: string): Promise<Prediction[]> {
    return this.txHost.tx.getRepository(Prediction).find({
      where: { studentProfileId },
      order: { predictionDate: 'DESC' },
    });
  }

  countOfStudent(studentProfileId: string): Promise<number> {
    return this.txHost.tx.getRepository(Prediction).countBy({ studentProfileId });
  }
}
