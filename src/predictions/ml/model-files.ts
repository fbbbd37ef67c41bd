import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelCard } from './model-card';
import { ModelValidationError } from './model-validation-error';
import { TrainedModel } from './trained-model';

/**
 * On-disk layout of a model directory (default `ml-models/`):
 *   <version>.onnx       the model (self-contained: trees, calibration, card in metadata)
 *   <version>.card.json  the model card, with the artifact's size and sha256
 *   active.json          pointer to the default model
 */
export const ACTIVE_POINTER_FILE = 'active.json';

export interface ActiveModelPointer {
  version: string;
  onnx: string;
  card: string;
  sha256: string;
  createdAt: string;
}

export interface WrittenModelFiles {
  onnxPath: string;
  cardPath: string;
  pointerPath: string | null;
}

export function writeModelFiles(
  dir: string,
  model: TrainedModel,
  activate: boolean,
): WrittenModelFiles {
  fs.mkdirSync(dir, { recursive: true });
  const onnxFile = `${model.version}.onnx`;
  const cardFile = `${model.version}.card.json`;
  const onnxPath = path.join(dir, onnxFile);
  const cardPath = path.join(dir, cardFile);
  fs.writeFileSync(onnxPath, model.onnx);
  fs.writeFileSync(cardPath, JSON.stringify(model.card, null, 2) + '\n');
  let pointerPath: string | null = null;
  if (activate) {
    const pointer: ActiveModelPointer = {
      version: model.version,
      onnx: onnxFile,
      card: cardFile,
      sha256: createHash('sha256').update(model.onnx).digest('hex'),
      createdAt: model.card.createdAt,
    };
    pointerPath = path.join(dir, ACTIVE_POINTER_FILE);
    fs.writeFileSync(pointerPath, JSON.stringify(pointer, null, 2) + '\n');
  }
  return { onnxPath, cardPath, pointerPath };
}

/** Reads the default model named by `<dir>/active.json`, checking the bytes' sha256. */
export function readActiveModelFiles(dir: string): {
  pointer: ActiveModelPointer;
  onnx: Buffer;
  card: ModelCard;
} {
  const pointer = JSON.parse(
    fs.readFileSync(path.join(dir, ACTIVE_POINTER_FILE), 'utf8'),
  ) as ActiveModelPointer;
  const onnx = fs.readFileSync(path.join(dir, path.basename(pointer.onnx)));
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  if (sha256 !== pointer.sha256) {
    throw new ModelValidationError(
      `${pointer.onnx}: sha256 ${sha256} differs from ${ACTIVE_POINTER_FILE}`,
    );
  }
  const card = JSON.parse(
    fs.readFileSync(path.join(dir, path.basename(pointer.card)), 'utf8'),
  ) as ModelCard;
  return { pointer, onnx, card };
}
