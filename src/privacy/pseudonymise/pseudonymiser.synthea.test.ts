import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test-support/shared-data.ts';
import { createPseudonymiser } from './pseudonymiser.ts';

type Json = Record<string, unknown>;
const SECRET = 'synthea-check-secret-0123456789ab';

/** Identifier values, name parts and phone numbers of the Patients in `resources`. */
function patientSecrets(resources: Json[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r.resourceType !== 'Patient') continue;
    for (const i of (r.identifier as Json[] | undefined) ?? [])
      if (typeof i.value === 'string') out.push(i.value);
    for (const n of (r.name as Json[] | undefined) ?? []) {
      if (typeof n.family === 'string') out.push(n.family);
      for (const g of (n.given as string[] | undefined) ?? []) out.push(g);
    }
    for (const t of (r.telecom as Json[] | undefined) ?? [])
      if (typeof t.value === 'string') out.push(t.value);
  }
  return out;
}

/**
 * Fails with the number of leaks, never the leaked value itself. Every token of the output (split at
 * anything but letters, digits and dashes, so a name inside an e-mail address is its own token) is checked
 * against the secrets; a substring search of the whole output per secret would be quadratic.
 */
function leaks(output: string, secrets: string[]): number {
  const tokens = new Set(output.split(/[^\p{L}\d-]+/u));
  return secrets.filter(
    (s) => tokens.has(s) || s.split(/[^\p{L}\d-]+/u).some((part) => part.length > 3 && tokens.has(part)),
  ).length;
}

function expectNoLeak(output: string, secrets: string[], where: string, input: string): void {
  // The check itself must be able to fail: on the input it finds every secret.
  expect(leaks(input, secrets)).toBe(secrets.length);
  const n = leaks(output, secrets);
  expect(n, `${n} patient identifiers/names/phones survive in ${where}`).toBe(0);
}

describe('pseudonymiser on Synthea samples', () => {
  const bulk = sharedData('smart-sample-bulk-fhir-datasets');
  const bundles = sharedData('smart-generated-sample-data-r4-synthea/R4/SYNTHEA');

  it.skipIf(!bulk)('leaves no Patient identifier, name or phone anywhere in the bulk NDJSON export', () => {
    const ps = createPseudonymiser({ secret: SECRET });
    const dirs = ['10-patients', '1000-patients'].map((d) => join(bulk!, d));
    let checked = 0;
    for (const dir of dirs) {
      const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson') && f !== 'log.ndjson');
      const resources = files.flatMap((f) =>
        readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as Json),
      );
      const secrets = patientSecrets(resources);
      expect(secrets.length).toBeGreaterThan(0);
      const output = resources.map((r) => JSON.stringify(ps.pseudonymise(r))).join('\n');
      expectNoLeak(output, secrets, dir.slice(dir.lastIndexOf('/') + 1), JSON.stringify(resources));
      checked += resources.length;
    }
    expect(checked).toBeGreaterThan(5_000);
  });

  it.skipIf(!bundles)(
    'leaves no Patient identifier, name or phone anywhere in the transaction Bundles',
    () => {
      const ps = createPseudonymiser({ secret: SECRET });
      const files = readdirSync(bundles!).filter((f) => f.endsWith('.json'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const bundle = JSON.parse(readFileSync(join(bundles!, f), 'utf8')) as Json;
        const resources = (bundle.entry as Json[]).map((e) => e.resource as Json);
        const secrets = patientSecrets(resources);
        expect(secrets.length).toBeGreaterThan(2);
        const output = ps.pseudonymiseBundle(bundle) as { entry: { resource: Json }[] };
        expectNoLeak(JSON.stringify(output), secrets, f.replace(/_.*/, '_…'), JSON.stringify(bundle));
        // Every reference of the Bundle resolves to an entry of the pseudonymised Bundle.
        const ids = new Set(output.entry.map((e) => `${e.resource.resourceType}/${e.resource.id}`));
        const refs = JSON.stringify(output).match(/"reference":"[^"]+"/g) ?? [];
        const local = refs.map((r) => r.slice(13, -1)).filter((r) => !r.includes('?') && !r.startsWith('#'));
        expect(local.length).toBeGreaterThan(0);
        for (const r of local) expect(ids.has(r), `unresolved reference in ${f}`).toBe(true);
      }
    },
  );
});
