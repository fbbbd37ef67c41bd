import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { N_FEATURES } from './features';
import { LabelledStudent } from './labelled-student';
import { RegressionTree } from './regression-tree';
import { TrainedModel, TrainingProgress } from './trained-model';
import { trainScoreModel } from './train-score-model';
import { TrainingParamsInput } from './training-params';
import { TreeAggregate, TreeForest } from './tree-forest';

/**
 * Runs trainScoreModel on a worker thread so a server keeps answering requests while a
 * model trains (training is synchronous and CPU-bound). The result is identical to
 * calling trainScoreModel directly.
 */
const WORKER_KIND = 'student-score-train-model';

interface WorkerInput {
  kind: typeof WORKER_KIND;
  rows: readonly LabelledStudent[];
  params: TrainingParamsInput;
}

/** A TreeForest as plain data (what a worker message can carry). */
interface EnsembleData {
  trees: readonly RegressionTree[];
  aggregate: TreeAggregate;
  bias: number;
}

type WorkerMessage =
  | { type: 'progress'; progress: TrainingProgress }
  | {
      type: 'done';
      model: Omit<TrainedModel, 'forest' | 'scale'> & {
        forest: EnsembleData;
        scale?: EnsembleData;
      };
    }
  | { type: 'error'; message: string };

const toData = (f: TreeForest): EnsembleData => ({
  trees: f.trees,
  aggregate: f.aggregate,
  bias: f.bias,
});
const fromData = (d: EnsembleData): TreeForest =>
  new TreeForest(d.trees, N_FEATURES, d.aggregate, d.bias);

function runInWorker(input: WorkerInput): void {
  const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
  try {
    const model = trainScoreModel(input.rows, input.params, (progress) =>
      post({ type: 'progress', progress }),
    );
    const { forest, scale, ...rest } = model;
    post({
      type: 'done',
      model: { ...rest, forest: toData(forest), ...(scale ? { scale: toData(scale) } : {}) },
    });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

export function trainModelInWorker(
  rows: readonly LabelledStudent[],
  params: TrainingParamsInput = {},
  onProgress?: (p: TrainingProgress) => void,
): Promise<TrainedModel> {
  const input: WorkerInput = { kind: WORKER_KIND, rows, params };
  // From TypeScript sources (ts-node, tests) the worker needs ts-node to load this file.
  const execArgv = __filename.endsWith('.ts')
    ? ['--require', 'ts-node/register/transpile-only']
    : [];
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: input, execArgv });
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        onProgress?.(m.progress);
      } else if (m.type === 'done') {
        settled = true;
        const { forest, scale, ...rest } = m.model;
        resolve({
          ...rest,
          forest: fromData(forest),
          ...(scale ? { scale: fromData(scale) } : {}),
        });
      } else {
        settled = true;
        reject(new Error(m.message));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`training worker exited with code ${code}`));
    });
  });
}

const input = workerData as Partial<WorkerInput> | null;
if (!isMainThread && input?.kind === WORKER_KIND) runInWorker(input as WorkerInput);
