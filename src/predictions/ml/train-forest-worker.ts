import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { N_FEATURES } from './features';
import { LabelledStudent } from './labelled-student';
import { RegressionTree } from './regression-tree';
import { trainForest, TrainedModel, TrainingProgress } from './train-forest';
import { TrainingParamsInput } from './training-params';
import { TreeForest } from './tree-forest';

/**
 * Runs trainForest on a worker thread so a server keeps answering requests while a
 * model trains (training is synchronous and CPU-bound). The result is identical to
 * calling trainForest directly.
 */
const WORKER_KIND = 'student-score-train-forest';

interface WorkerInput {
  kind: typeof WORKER_KIND;
  rows: readonly LabelledStudent[];
  params: TrainingParamsInput;
}

type WorkerMessage =
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'done'; model: Omit<TrainedModel, 'forest'> & { trees: readonly RegressionTree[] } }
  | { type: 'error'; message: string };

function runInWorker(input: WorkerInput): void {
  const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
  try {
    const model = trainForest(input.rows, input.params, (progress) =>
      post({ type: 'progress', progress }),
    );
    const { forest, ...rest } = model;
    post({ type: 'done', model: { ...rest, trees: forest.trees } });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

export function trainForestInWorker(
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
        const { trees, ...rest } = m.model;
        resolve({ ...rest, forest: new TreeForest(trees, N_FEATURES) });
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
