import { ArgumentMetadata, Injectable, Type, ValidationPipe } from '@nestjs/common';
import { TransformationType } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';

/** The properties of a path parameter DTO that is only strings: name → longest length. */
type StringShape = ReadonlyMap<string, number>;

// class-transformer's own record of @Type, @Transform, @Expose and @Exclude (typed in its types/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

const FAST_CONSTRAINTS = new Set(['isString', 'maxLength']);

/**
 * The shape of `metatype` when every rule it has is `@IsString()`, optionally with
 * `@MaxLength(n)`, on every property, without groups, `each` or conditions, and class-transformer
 * has nothing to do for it (no @Type, @Transform, @Expose or @Exclude); undefined otherwise.
 */
export function stringShapeOf(metatype: Type<unknown>): StringShape | undefined {
  const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false);
  const strings = new Set<string>();
  const longest = new Map<string, number>();
  for (const rule of rules) {
    const plain = rule.type === 'customValidation' && !rule.each && !rule.always;
    if (!plain || !FAST_CONSTRAINTS.has(rule.name ?? '') || (rule.groups ?? []).length > 0) {
      return undefined;
    }
    if (rule.name === 'isString') strings.add(rule.propertyName);
    const max = (rule.constraints as unknown[] | undefined)?.[0];
    if (rule.name === 'maxLength') {
      if (typeof max !== 'number') return undefined;
      longest.set(rule.propertyName, Math.min(max, longest.get(rule.propertyName) ?? max));
    }
  }
  const properties = new Set(rules.map((rule) => rule.propertyName));
  if (properties.size === 0 || strings.size !== properties.size) return undefined;
  const transformer = defaultMetadataStorage;
  if (transformer.getStrategy(metatype) !== 'none') return undefined;
  if (transformer.getExposedMetadatas(metatype).length > 0) return undefined;
  if (transformer.getExcludedMetadatas(metatype).length > 0) return undefined;
  for (const property of properties) {
    if (transformer.findTypeMetadata(metatype, property)) return undefined;
    const transforms = transformer.findTransformMetadatas(
      metatype,
      property,
      TransformationType.PLAIN_TO_CLASS,
    );
    if (transforms.length > 0) return undefined;
  }
  return new Map([...properties].map((property) => [property, longest.get(property) ?? Infinity]));
}

/** True when `value` has exactly the shape's properties, each a string not too long. */
function fitsShape(value: unknown, shape: StringShape): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== shape.size) return false;
  for (const key of keys) {
    const max = shape.get(key);
    const text = (value as Record<string, unknown>)[key];
    // String length counts UTF-16 units, at least what class-validator's MaxLength counts.
    if (max === undefined || typeof text !== 'string' || text.length > max) return false;
  }
  return true;
}

/**
 * The API's ValidationPipe, with a shortcut for path parameters whose DTO is only strings
 * (StudentIdParamDto and the like): parameters that plainly pass its rules become the DTO
 * instance the full pipe would return (class-transformer copies strings as they are), without
 * class-transformer and class-validator looking up the class's metadata on every request.
 * Anything else, a failure above all, goes through the full pipe and gets its errors.
 */
@Injectable()
export class StringParamsValidationPipe extends ValidationPipe {
  private readonly shapes = new Map<Type<unknown>, StringShape | undefined>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type === 'param' && metatype && this.toValidate(metadata)) {
      let shape = this.shapes.get(metatype);
      if (!this.shapes.has(metatype)) {
        shape = stringShapeOf(metatype);
        this.shapes.set(metatype, shape);
      }
      if (shape && fitsShape(value, shape)) {
        return Object.assign(new (metatype as new () => object)(), value);
      }
    }
    return super.transform(value, metadata);
  }
}
