/**
 * Training and inference timings of the exam-score model.
 *
 *   npx ts-node --transpile-only bench/train.bench.ts [--runs 3] [--learner random-forest]
 *
 * Prints: training time with the default parameters on the seed CSV, model load time,
 * and the time to predict 10,000 students (encoding + onnxruntime, single thread).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  encodeBatch,
  Learner,
  OnnxForest,
  parseStudentCsv,
  StudentFactors,
  trainScoreModel,
} from '../src/predictions/ml';

const ROOT = path.resolve(__dirname, '..');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
  const learnerArg = process.argv.indexOf('--learner');
  const learner = (learnerArg > 0 ? process.argv[learnerArg + 1] : 'robust-additive') as Learner;
  const rows = parseStudentCsv(
    fs.readFileSync(path.join(ROOT, 'seeds/StudentPerformanceFactors.csv'), 'utf8'),
  );

  const trainMs: number[] = [];
  let model: ReturnType<typeof trainScoreModel> | undefined;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    model = trainScoreModel(rows, { learner, createdAt: '2025-01-01T00:00:00Z' });
    trainMs.push(performance.now() - t0);
  }
  if (!model) throw new Error('no run');
  const card = model.card;
  console.log(
    `train ${learner}: ${rows.length} rows, ${card.model.nTrees} trees (+${card.model.scaleTrees ? `${card.model.scaleTrees.nTrees} scale trees, forest for comparison` : card.model.robustTargets ? 'robust pass' : 'no robust pass'}), ` +
      `median ${(median(trainMs) / 1000).toFixed(2)} s over ${runs} runs [${trainMs.map((t) => (t / 1000).toFixed(2)).join(', ')}]`,
  );
  console.log(`model: ${card.model.nNodes} nodes, ONNX ${(model.onnx.length / 1e6).toFixed(2)} MB`);

  let forest: OnnxForest | undefined;
  const loadMs = await timeAsync(async () => {
    forest = await OnnxForest.load(model.onnx);
  });
  if (!forest) throw new Error('no model');
  console.log(`load: ${loadMs.toFixed(0)} ms (parse + validate + onnxruntime session)`);

  const students: StudentFactors[] = Array.from(
    { length: 10_000 },
    (_, i) => rows[i % rows.length].factors,
  );
  const x = encodeBatch(students);
  await forest.predict(students); // warm-up
  const full: number[] = [];
  const ortOnly: number[] = [];
  const tsOnly: number[] = [];
  for (let r = 0; r < 7; r++) {
    full.push(await timeAsync(() => forest!.predict(students)));
    ortOnly.push(await timeAsync(() => forest!.predictEncoded(x, students.length)));
    const t0 = performance.now();
    forest.trees.predict(x, students.length);
    tsOnly.push(performance.now() - t0);
  }
  console.log(
    `predict 10,000 rows: ${median(full).toFixed(0)} ms end to end (encode + onnxruntime), ` +
      `${median(ortOnly).toFixed(0)} ms onnxruntime only, ${median(tsOnly).toFixed(0)} ms TypeScript trees (median of 7)`,
  );
  await forest.release();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
