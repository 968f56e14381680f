import { z } from 'zod';
import { badInput } from '../../common/app-error.ts';
import { JsonLinesFile } from '../../common/json-lines-file.ts';
import { replaceFile } from '../../common/replace-file.ts';
import { type TaskResult, TaskResultSchema } from '../../protocol/messages.ts';

const LineSchema = z.union([
  z.strictObject({ put: TaskResultSchema }),
  z.strictObject({ ack: z.string().min(1) }),
]);

/** Lines the file may grow to before it is rewritten with only what still waits. */
const REWRITE_AFTER_LINES = 256;

/**
 * The station's results on their way to the hub. Every answer goes in (appended and flushed) before the
 * first attempt to send it, and stays until the hub has acknowledged it, so neither a hub that is down
 * nor a station killed between writing its ledgers and sending loses an answer: the agent sends what
 * waits here before it polls again, and first of all when it starts.
 *
 * Kept as a journal (`result-outbox.jsonl`: `{"put": result}` and `{"ack": taskId}` lines), rewritten
 * with only the waiting results once it has grown and is acknowledged; with no path it lives in memory.
 */
export class ResultOutbox {
  private readonly waiting = new Map<string, TaskResult>();
  private readonly file: JsonLinesFile | undefined;
  private lines = 0;

  constructor(readonly path?: string) {
    this.file = path ? new JsonLinesFile(path) : undefined;
    for (const [i, record] of (this.file?.read() ?? []).entries()) {
      const line = LineSchema.safeParse(record);
      if (!line.success) throw badInput('not a result-outbox line', `${path}:${i + 1}`);
      if ('put' in line.data) this.waiting.set(line.data.put.taskId, line.data.put);
      else this.waiting.delete(line.data.ack);
      this.lines++;
    }
  }

  /** The results not yet acknowledged by the hub, oldest first. */
  pending(): TaskResult[] {
    return [...this.waiting.values()];
  }

  /** Keeps a result until {@link acknowledged}; resolves once it is on disk. */
  async put(result: TaskResult): Promise<void> {
    await this.file?.append([{ put: result }]);
    this.lines++;
    // A later answer to the same task (it was delivered again) replaces the earlier one.
    this.waiting.delete(result.taskId);
    this.waiting.set(result.taskId, result);
  }

  /**
   * The hub has the result (or refused it for good): it no longer waits. Losing this line to a crash
   * only means the result is sent once more, which the hub acknowledges as a duplicate.
   */
  async acknowledged(taskId: string): Promise<void> {
    if (!this.waiting.delete(taskId)) return;
    if (!this.file) return;
    if (this.lines >= REWRITE_AFTER_LINES) {
      this.file.close();
      const rest = this.pending().map((r) => `${JSON.stringify({ put: r })}\n`);
      await replaceFile(this.file.path, rest.join(''), { mode: 0o600 });
      this.lines = rest.length;
      return;
    }
    await this.file.append([{ ack: taskId }]);
    this.lines++;
  }

  /** Releases the file (the next write opens it again). */
  close(): void {
    this.file?.close();
  }
}
