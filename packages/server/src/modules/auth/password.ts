// Password hashing with argon2id (OWASP parameters: 19 MiB memory, 2 iterations, 1 lane).
import { hash, verify } from '@node-rs/argon2';

// The library's default algorithm is argon2id (its Algorithm enum is an ambient const enum that
// isolated modules cannot name); the auth test asserts the $argon2id$ prefix.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so both paths take the same time.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('no-such-user-timing-equaliser');
  return dummyHash;
}
