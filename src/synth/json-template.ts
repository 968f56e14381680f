/**
 * Fast serialisation of resources whose shape repeats millions of times. A template is made once by
 * running the ordinary builder with placeholder values and `JSON.stringify`-ing the result; rendering
 * then only concatenates the fixed pieces with the values. The output is byte-identical to
 * `JSON.stringify(builder(values))` by construction, as long as string values need no JSON escaping
 * (ids, dates and codes never do) — which `json-template.test.ts` checks against the builders.
 *
 * Placeholders: `slot(i)` for a string value (may sit inside a longer string such as `Patient/…`),
 * `numberSlot(i)` for a number (its quotes are dropped when rendering).
 */
export const slot = (i: number): string => `\u00a7S${i}\u00a7`;
/** A placeholder typed as a number so it can be passed to builders; rendered without quotes. */
export const numberSlot = (i: number): number => `\u00a7N${i}\u00a7` as unknown as number;

export class JsonTemplate {
  private readonly pieces: string[];
  private readonly order: number[];

  constructor(value: unknown) {
    const json = JSON.stringify(value);
    this.pieces = [];
    this.order = [];
    const re = /"\u00a7N(\d+)\u00a7"|\u00a7S(\d+)\u00a7/g;
    let last = 0;
    for (let m = re.exec(json); m; m = re.exec(json)) {
      this.pieces.push(json.slice(last, m.index));
      this.order.push(Number(m[1] ?? m[2]));
      last = m.index + m[0].length;
    }
    this.pieces.push(json.slice(last));
  }

  render(values: readonly (string | number)[]): string {
    let out = this.pieces[0] ?? '';
    for (let i = 0; i < this.order.length; i++) out += `${values[this.order[i] ?? 0]}${this.pieces[i + 1]}`;
    return out;
  }
}

/** Templates by shape key, built on first use. */
export class TemplateCache {
  private readonly cache = new Map<string, JsonTemplate>();

  get(key: string, make: () => unknown): JsonTemplate {
    let t = this.cache.get(key);
    if (!t) {
      t = new JsonTemplate(make());
      this.cache.set(key, t);
    }
    return t;
  }
}
