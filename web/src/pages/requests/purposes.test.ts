import { describe, expect, it } from 'vitest';
import { loadLocalRegistry } from '../../../../src/analytics/local-registry.ts';
import { algorithmVersion } from './purposes.ts';

describe('the web app asks for the algorithm versions the stations ship', () => {
  it('every shipped algorithm’s version matches the one the request and run forms send', async () => {
    const reg = await loadLocalRegistry();
    const shipped = reg.list().map((a) => [a.name, a.version]);
    expect(shipped.length).toBeGreaterThan(5);
    expect(shipped.map(([name]) => [name, algorithmVersion(name!)])).toEqual(shipped);
  });
});
