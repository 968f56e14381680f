import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../common/app-error.ts';
import { replaceFile } from '../../common/replace-file.ts';
import type { EpsilonLedger } from '../algorithm.ts';

/** One recorded spend of privacy budget. */
export interface EpsilonSpend {
  permitId: string;
  epsilon: number;
  label: string;
  at: string;
}

/** A refusal because the permit's differential-privacy budget would be exceeded. */
export function budgetExhausted(where: string): AppError {
  return new AppError('forbidden', 'the permit has too little differential-privacy budget left', where, {
    reason: 'budget-exhausted',
  });
}

// Floating sums of spends (0.1 + 0.2) must not refuse the last spend that exactly fills the budget.
const SLACK = 1e-9;

abstract class BaseLedger implements EpsilonLedger {
  protected abstract load(): Promise<EpsilonSpend[]>;
  protected abstract save(spends: EpsilonSpend[]): Promise<void>;
  // Serialises spends so two concurrent tasks cannot both pass the check on the same remainder.
  private chain: Promise<unknown> = Promise.resolve();

  async spent(permitId: string): Promise<number> {
    const spends = await this.load();
    return spends.filter((s) => s.permitId === permitId).reduce((a, s) => a + s.epsilon, 0);
  }

  spend(permitId: string, epsilon: number, budget: number, label: string): Promise<void> {
    const next = this.chain.then(async () => {
      if (!(epsilon > 0) || !Number.isFinite(epsilon)) {
        throw new AppError('badInput', 'epsilon must be a positive finite number', 'privacy.epsilon');
      }
      const spends = await this.load();
      // The same question again gets the same noise: nothing new is revealed, nothing is charged.
      if (spends.some((s) => s.permitId === permitId && s.label === label)) return;
      const used = spends.filter((s) => s.permitId === permitId).reduce((a, s) => a + s.epsilon, 0);
      if (used + epsilon > budget + SLACK) throw budgetExhausted(`permit ${permitId}`);
      spends.push({ permitId, epsilon, label, at: new Date().toISOString() });
      await this.save(spends);
    });
    this.chain = next.catch(() => {});
    return next;
  }

  /** Every spend so far (for the station's audit view). */
  entries(): Promise<EpsilonSpend[]> {
    return this.load();
  }
}

/** A ledger in memory (tests, demo stations). */
export class MemoryEpsilonLedger extends BaseLedger {
  private spends: EpsilonSpend[] = [];
  protected async load(): Promise<EpsilonSpend[]> {
    return [...this.spends];
  }
  protected async save(spends: EpsilonSpend[]): Promise<void> {
    this.spends = spends;
  }
}

/** A ledger persisted as a JSON file in the station folder, replaced atomically and flushed ({@link replaceFile}). */
export class JsonFileEpsilonLedger extends BaseLedger {
  constructor(private readonly path: string) {
    super();
  }
  protected async load(): Promise<EpsilonSpend[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed))
      throw new AppError('unprocessable', 'epsilon ledger is not a JSON array', this.path);
    return parsed as EpsilonSpend[];
  }
  protected async save(spends: EpsilonSpend[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    // Flushed before the answer it pays for leaves: a crash must not hand the budget back.
    await replaceFile(this.path, `${JSON.stringify(spends, null, 2)}\n`, { mode: 0o600 });
  }
}
