import { type ApiEnum, apiEnum } from '../../common/http/api-enum';
import type { FactorValueSet } from '../factor-catalogue';

const BY_SET = new Map<FactorValueSet, ApiEnum>();

/** A factor value set as its named OpenAPI schema (one `$ref` per set, in encoding order). */
export function factorApiEnum<V extends string>(set: FactorValueSet<V>): ApiEnum<V> {
  let named = BY_SET.get(set);
  if (!named) {
    named = apiEnum(set.schemaName, set.values, set.description);
    BY_SET.set(set, named);
  }
  return named as ApiEnum<V>;
}
