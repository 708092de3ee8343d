import { createHash, type Hash } from 'node:crypto';

/** A running SHA-256, for data read in chunks (a streamed extract). */
export function sha256Hash(): Hash {
  return createHash('sha256');
}

/** The hex SHA-256 of bytes or text: manifests, fingerprints and PDF ids all use this one. */
export function sha256(data: Uint8Array | string): string {
  return sha256Hash().update(data).digest('hex');
}
