import { createHash } from 'node:crypto';
import type { ImportSource } from './student-import.types';

/** Hex SHA-256 of a source's bytes. */
export async function sha256Of(source: ImportSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source.open()) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
