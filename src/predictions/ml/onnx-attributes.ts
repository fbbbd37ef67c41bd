import { onnx } from 'onnx-proto';
import { ModelValidationError } from './model-validation-error';

/**
 * protobufjs decodes int64 fields as Long objects (plain numbers when Long is not
 * installed); the generated typings name a global Long type, so accept anything.
 */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && 'toNumber' in v && typeof v.toNumber === 'function') {
    return Number((v as { toNumber(): unknown }).toNumber());
  }
  return Number(v);
}

/** The attributes of a node by name. */
export function attributeMap(node: onnx.INodeProto): Map<string, onnx.IAttributeProto> {
  const map = new Map<string, onnx.IAttributeProto>();
  for (const a of node.attribute ?? []) map.set(a.name ?? '', a);
  return map;
}

/** A TreeEnsembleRegressor's integer list attribute (it must be there). */
export function ints(attrs: Map<string, onnx.IAttributeProto>, name: string): number[] {
  const a = attrs.get(name);
  if (!a) throw new ModelValidationError(`TreeEnsembleRegressor has no ${name}`);
  return (a.ints ?? []).map(toNumber);
}

/** A TreeEnsembleRegressor's float list attribute (it must be there). */
export function floats(attrs: Map<string, onnx.IAttributeProto>, name: string): number[] {
  const a = attrs.get(name);
  if (!a) throw new ModelValidationError(`TreeEnsembleRegressor has no ${name}`);
  return a.floats ?? [];
}
