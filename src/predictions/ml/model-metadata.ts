import { ConformalCalibration } from './conformal';
import { ENCODING_ID, FEATURE_NAMES } from './features';
import { ModelValidationError } from './model-validation-error';
import { ADDITIVE_MODEL_TYPE, ModelCard } from './model-card';
import {
  ADDITIVE_MODEL_FORMAT,
  base64ToFloat32,
  float32ToBase64,
  META,
  MODEL_FORMAT,
} from './onnx-format';

/** Uncertainty settings stored in the model (the score table is stored separately). */
export interface UncertaintyMetadata {
  method: 'normalised-conformal-oob' | 'scaled-conformal-cv';
  beta: number;
  intervalLevel: number;
  tolerance: number;
}

/** metadata_props written next to the trees; everything serving needs besides the graph. */
export function buildModelMetadata(
  card: ModelCard,
  conformal: ConformalCalibration,
): Array<readonly [string, string]> {
  const embeddedCard: ModelCard = { ...card };
  delete embeddedCard.artifact;
  const additive = card.model.type === ADDITIVE_MODEL_TYPE;
  const uncertainty: UncertaintyMetadata = {
    method: additive ? 'scaled-conformal-cv' : 'normalised-conformal-oob',
    beta: conformal.beta,
    intervalLevel: card.uncertainty.intervalLevel,
    tolerance: card.uncertainty.tolerance,
  };
  return [
    [META.format, additive ? ADDITIVE_MODEL_FORMAT : MODEL_FORMAT],
    [META.version, card.version],
    [META.featureNames, JSON.stringify(FEATURE_NAMES)],
    [META.encodingId, ENCODING_ID],
    [META.nTrees, String(card.model.nTrees)],
    [META.uncertainty, JSON.stringify(uncertainty)],
    [META.conformalScores, float32ToBase64(conformal.scores)],
    ...(conformal.signed
      ? [[META.conformalSigned, float32ToBase64(conformal.signed)] as const]
      : []),
    [META.card, JSON.stringify(embeddedCard)],
  ];
}

export interface ParsedModelMetadata {
  format: typeof MODEL_FORMAT | typeof ADDITIVE_MODEL_FORMAT;
  version: string;
  card: ModelCard;
  conformal: ConformalCalibration;
  intervalLevel: number;
  tolerance: number;
}

function required(metadata: ReadonlyMap<string, string>, key: string): string {
  const v = metadata.get(key);
  if (v === undefined) throw new ModelValidationError(`model metadata has no "${key}"`);
  return v;
}

function parseJson(text: string, key: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ModelValidationError(`model metadata "${key}" is not valid JSON`);
  }
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

type ModelFormat = ParsedModelMetadata['format'];

function formatOf(metadata: ReadonlyMap<string, string>): ModelFormat {
  const format = required(metadata, META.format);
  if (format !== MODEL_FORMAT && format !== ADDITIVE_MODEL_FORMAT) {
    throw new ModelValidationError(
      `unsupported model format "${format}" (expected "${MODEL_FORMAT}" or "${ADDITIVE_MODEL_FORMAT}")`,
    );
  }
  return format;
}

/** The feature list, the encoding and the number of trees must be the served ones. */
function checkServedInputs(metadata: ReadonlyMap<string, string>, nTrees: number): void {
  const features = parseJson(required(metadata, META.featureNames), META.featureNames);
  if (!Array.isArray(features) || !sameList(features.map(String), FEATURE_NAMES)) {
    throw new ModelValidationError(
      `model features ${JSON.stringify(features)} differ from the served features ${JSON.stringify(FEATURE_NAMES)}`,
    );
  }
  const encodingId = required(metadata, META.encodingId);
  if (encodingId !== ENCODING_ID) {
    throw new ModelValidationError(
      `model encoding ${encodingId} differs from the served encoding ${ENCODING_ID}`,
    );
  }
  if (Number(required(metadata, META.nTrees)) !== nTrees) {
    throw new ModelValidationError(
      `metadata says ${metadata.get(META.nTrees)} trees, the graph has ${nTrees}`,
    );
  }
}

/** The uncertainty settings, complete and with the method of the model's format. */
function uncertaintyOf(
  metadata: ReadonlyMap<string, string>,
  format: ModelFormat,
): UncertaintyMetadata {
  const u = parseJson(
    required(metadata, META.uncertainty),
    META.uncertainty,
  ) as Partial<UncertaintyMetadata>;
  const method = format === MODEL_FORMAT ? 'normalised-conformal-oob' : 'scaled-conformal-cv';
  if (
    u.method !== method ||
    typeof u.beta !== 'number' ||
    typeof u.intervalLevel !== 'number' ||
    typeof u.tolerance !== 'number'
  ) {
    throw new ModelValidationError('model uncertainty metadata is incomplete');
  }
  return { method, beta: u.beta, intervalLevel: u.intervalLevel, tolerance: u.tolerance };
}

/** The conformal score tables (an additive model also has the signed residuals). */
function conformalOf(
  metadata: ReadonlyMap<string, string>,
  format: ModelFormat,
  beta: number,
): ConformalCalibration {
  const scores = base64ToFloat32(required(metadata, META.conformalScores));
  if (scores.length === 0)
    throw new ModelValidationError('model has an empty conformal score table');
  const signedText = metadata.get(META.conformalSigned);
  const signed = signedText === undefined ? undefined : base64ToFloat32(signedText);
  if (format === ADDITIVE_MODEL_FORMAT && signed?.length !== scores.length) {
    throw new ModelValidationError('model has no signed residual table matching its scores');
  }
  return { beta, scores, ...(signed ? { signed } : {}) };
}

/**
 * Reads and checks the metadata: format, feature list and encoding must match this
 * code exactly (a model trained with another encoding would silently mis-predict).
 */
export function parseModelMetadata(
  metadata: ReadonlyMap<string, string>,
  nTrees: number,
): ParsedModelMetadata {
  const format = formatOf(metadata);
  const version = required(metadata, META.version);
  checkServedInputs(metadata, nTrees);
  const u = uncertaintyOf(metadata, format);
  const conformal = conformalOf(metadata, format, u.beta);
  const card = parseJson(required(metadata, META.card), META.card) as ModelCard;
  if (card.version !== version) {
    throw new ModelValidationError(
      `embedded card version ${card.version} differs from model version ${version}`,
    );
  }
  return {
    format,
    version,
    card,
    conformal,
    intervalLevel: u.intervalLevel,
    tolerance: u.tolerance,
  };
}

/** Checks a separately stored card (e.g. the .card.json file or a database row) against the model. */
export function checkCardMatchesModel(card: ModelCard, parsed: ParsedModelMetadata): void {
  if (card.version !== parsed.version) {
    throw new ModelValidationError(
      `card is for model ${card.version}, the model is ${parsed.version}`,
    );
  }
  if (card.encodingId !== ENCODING_ID) {
    throw new ModelValidationError(
      `card encoding ${card.encodingId} differs from the served encoding ${ENCODING_ID}`,
    );
  }
  const cardFeatures = (card.features ?? []).map((f) => f.name);
  if (!sameList(cardFeatures, FEATURE_NAMES)) {
    throw new ModelValidationError(
      `card features ${JSON.stringify(cardFeatures)} differ from the model features ${JSON.stringify(FEATURE_NAMES)}`,
    );
  }
}
