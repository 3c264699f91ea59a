import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/**
 * `standard`: argon2id with OWASP's recommended memory cost (19 MiB, 2 passes).
 * `test`: the least argon2 allows, so suites that register hundreds of accounts
 * do not spend minutes hashing; the configuration accepts it only when
 * NODE_ENV=test. A hash records its own parameters, so either verifies the other's.
 */
export type PasswordHashCost = 'standard' | 'test';

const OPTIONS = {
  standard: { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 },
  test: { type: argon2.argon2id, memoryCost: 1_024, timeCost: 1, parallelism: 1 },
} as const;

export class PasswordHasher {
  private readonly options: (typeof OPTIONS)[PasswordHashCost];
  /** Verified against when an email is unknown, so both paths cost the same time. */
  private readonly decoy: Promise<string>;

  constructor(cost: PasswordHashCost = 'standard') {
    this.options = OPTIONS[cost];
    this.decoy = argon2.hash(randomBytes(32).toString('hex'), this.options);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
