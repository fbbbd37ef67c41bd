/**
 * Trains the exam-score model and writes ml-models/<version>.onnx, <version>.card.json
 * and active.json (the default model pointer).
 *
 *   npm run train -- [--csv seeds/StudentPerformanceFactors.csv] [--out ml-models]
 *                    [--learner robust-additive|random-forest] [--trees 200] [--seed N]
 *                    [--created-at 2025-01-01T00:00:00Z] [--no-activate]
 *
 * `--trees` and `--seed` set the random forest's parameters (`--learner random-forest`).
 */
import * as cliProgress from 'cli-progress';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError } from '../common/errors/describe-error';
import {
  encodeBatch,
  hasUnlearntValue,
  Learner,
  LabelledStudent,
  LEARNERS,
  ModelCard,
  OnnxForest,
  parseStudentCsv,
  trainScoreModel,
  TrainedModel,
  TrainingParamsInput,
  TrainingProgress,
  writeModelFiles,
} from '../predictions/ml';

interface CliOptions {
  csv: string;
  out: string;
  activate: boolean;
  params: TrainingParamsInput;
}

function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = {
    csv: 'seeds/StudentPerformanceFactors.csv',
    out: 'ml-models',
    activate: true,
    params: {},
  };
  const forest: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(value());
      if (!Number.isInteger(v)) throw new Error(`${arg} needs an integer`);
      return v;
    };
    switch (arg) {
      case '--csv':
        opts.csv = value();
        break;
      case '--out':
        opts.out = value();
        break;
      case '--trees':
        forest.nTrees = int();
        break;
      case '--seed':
        forest.seed = int();
        break;
      case '--learner': {
        const learner = value();
        if (!LEARNERS.includes(learner as Learner)) {
          throw new Error(`--learner must be one of ${LEARNERS.join(', ')}`);
        }
        opts.params = { ...opts.params, learner: learner as Learner };
        break;
      }
      case '--created-at':
        opts.params = { ...opts.params, createdAt: new Date(value()).toISOString() };
        break;
      case '--no-activate':
        opts.activate = false;
        break;
      case '--help':
        console.log(
          `usage: train [--csv FILE] [--out DIR] [--learner ${LEARNERS.join('|')}] [--trees N] [--seed N] [--created-at ISO] [--no-activate]`,
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  opts.params = { ...opts.params, forest };
  return opts;
}

const fmt = (v: number | null | undefined): string => (v == null ? '-' : v.toFixed(3));

/** Trains with a progress bar on the terminal; returns the model and the seconds it took. */
function trainWithProgress(
  rows: LabelledStudent[],
  opts: CliOptions,
): { model: TrainedModel; seconds: number } {
  const bar = new cliProgress.SingleBar(
    { format: 'training {stage} [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const onProgress = (p: TrainingProgress): void => {
    if (!started) {
      bar.start(p.total, 0, { stage: p.stage });
      started = true;
    }
    bar.update(p.done, { stage: p.stage });
  };
  const t0 = performance.now();
  const model = trainScoreModel(
    rows,
    { ...opts.params, dataSource: path.basename(opts.csv) },
    onProgress,
  );
  bar.stop();
  return { model, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Checks the exported bytes with onnxruntime before anything is written: the largest
 * difference from the TypeScript trees over the training students must stay below 1e-4.
 */
async function onnxDifference(model: TrainedModel, rows: LabelledStudent[]): Promise<number> {
  const served = await OnnxForest.load(model.onnx, { card: model.card });
  // Rows the model has no input for (left out of training) cannot be encoded as they are.
  const encodable = rows.filter((r) => !hasUnlearntValue(r.factors));
  const x = encodeBatch(encodable.map((r) => r.factors));
  const onnxMean = (await served.predictEncoded(x, encodable.length)).mean;
  const tsMean = model.forest.predict(x, encodable.length);
  let maxDiff = 0;
  for (let i = 0; i < encodable.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(onnxMean[i] - tsMean[i]));
  }
  await served.release();
  if (maxDiff >= 1e-4) throw new Error(`ONNX and TypeScript predictions differ by ${maxDiff}`);
  return maxDiff;
}

/** Held-out, out-of-bag and cross-validation figures of the card against its baselines. */
function printMetrics(card: ModelCard): void {
  const m = card.metrics;
  console.log(
    `held-out model   R² ${fmt(m.heldOut?.forest.r2)} MAE ${fmt(m.heldOut?.forest.mae)} RMSE ${fmt(m.heldOut?.forest.rmse)}`,
  );
  const rf = m.heldOut?.randomForest;
  if (rf) {
    console.log(`held-out forest  R² ${fmt(rf.r2)} MAE ${fmt(rf.mae)} RMSE ${fmt(rf.rmse)}`);
  }
  console.log(
    `held-out linear  R² ${fmt(m.heldOut?.linearBaseline.r2)} MAE ${fmt(m.heldOut?.linearBaseline.mae)} RMSE ${fmt(m.heldOut?.linearBaseline.rmse)}`,
  );
  console.log(
    `out-of-bag/fold  R² ${fmt(m.outOfBag.r2)} MAE ${fmt(m.outOfBag.mae)} RMSE ${fmt(m.outOfBag.rmse)}`,
  );
  const cv = m.crossValidation;
  if (cv) {
    console.log(
      `${cv.folds}-fold CV       model R² ${fmt(cv.model.r2)} MAE ${fmt(cv.model.mae)}; ` +
        `linear R² ${fmt(cv.linearBaseline.r2)} MAE ${fmt(cv.linearBaseline.mae)}`,
    );
  }
}

/** Held-out early warnings and interval coverage of the card. */
function printWarningsAndCoverage(card: ModelCard): void {
  for (const w of card.earlyWarning?.heldOut ?? []) {
    console.log(
      `below ${w.threshold}: model recall ${fmt(w.model.recall)} precision ${fmt(w.model.precision)}; ` +
        `linear recall ${fmt(w.linearBaseline.recall)} precision ${fmt(w.linearBaseline.precision)}`,
    );
  }
  const u = card.uncertainty.heldOut;
  if (u) {
    console.log(
      `held-out ${card.uncertainty.intervalLevel} interval coverage ${fmt(u.intervalCoverage)} ` +
        `(mean width ${fmt(u.meanIntervalWidth)}); within ±${card.uncertainty.tolerance}: ` +
        `stated ${fmt(u.meanStatedConfidence)}, observed ${fmt(u.observedWithinTolerance)}`,
    );
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const rows = parseStudentCsv(fs.readFileSync(opts.csv, 'utf8'));
  console.log(`read ${rows.length} students from ${opts.csv}`);
  const { model, seconds } = trainWithProgress(rows, opts);
  const maxDiff = await onnxDifference(model, rows);
  const written = writeModelFiles(opts.out, model, opts.activate);

  console.log(
    `model ${model.version}: ${model.card.model.nTrees} trees, ${model.card.model.nNodes} nodes`,
  );
  console.log(
    `trained in ${seconds.toFixed(1)} s; ONNX ${(model.onnx.length / 1e6).toFixed(2)} MB; ONNX vs TS max |Δ| ${maxDiff.toExponential(2)}`,
  );
  printMetrics(model.card);
  printWarningsAndCoverage(model.card);
  console.log(
    `wrote ${[written.onnxPath, written.cardPath, written.pointerPath].filter(Boolean).join(', ')}`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`Training failed: ${describeError(err)}`);
    process.exit(1);
  });
}
