import { describe, expect, it } from 'vitest';
import { loadLocalRegistry } from './local-registry.ts';
import { shippedVersion } from './shipped-versions.ts';

describe('the versions the web app (`algorithmVersion`), the demo and the tests ask for are the ones the stations ship', () => {
  it('every shipped algorithm’s version matches its definition', async () => {
    const reg = await loadLocalRegistry();
    const shipped = reg.list().map((a) => [a.name, a.version]);
    expect(shipped.length).toBeGreaterThan(5);
    expect(shipped.map(([name]) => [name, shippedVersion(name!)])).toEqual(shipped);
  });
});
