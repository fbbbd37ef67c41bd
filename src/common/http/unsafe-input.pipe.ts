import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '../errors/validation-failed.error';
import { findUnsafeInput } from './unsafe-input';

/**
 * Runs before validation on every query, path parameter and body a handler takes: a control
 * character (NUL included), an unpaired surrogate or a prototype key is a 400 naming the field,
 * so such text never reaches a service or PostgreSQL (which refuses NUL with an error).
 */
@Injectable()
export class UnsafeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const unsafe = findUnsafeInput(value, metadata.data ?? '');
    if (unsafe) throw new ValidationFailedError([unsafe]);
    return value;
  }
}
