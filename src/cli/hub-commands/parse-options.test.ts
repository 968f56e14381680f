import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/index.ts';
import { configDir } from './cli-config.ts';
import { parseAlgorithm, parsePurpose, runInput } from './parse-options.ts';

const name = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,30}$/);
const version = fc.stringMatching(/^[0-9][0-9A-Za-z.+-]{0,15}$/);

describe('parseAlgorithm', () => {
  it('reads back every name@version it is given', () => {
    fc.assert(
      fc.property(name, version, (n, v) => {
        expect(parseAlgorithm(`${n}@${v}`)).toEqual({ name: n, version: v });
      }),
    );
  });

  it('refuses anything without exactly one @ between a name and a version, naming the option', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[a-z0-9][a-z0-9._-]*@[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(s.trim())),
        (s) => {
          expect(() => parseAlgorithm(s)).toThrow(AppError);
        },
      ),
    );
    for (const bad of ['x', 'glm@', '@1.0.0', 'glm@1@2', 'GLM@1.0.0']) {
      expect(() => parseAlgorithm(bad)).toThrow(/^--algorithm: '.*' is not name@version/);
    }
  });
});

describe('parsePurpose', () => {
  it('accepts EHDS purposes and lists them when given something else', () => {
    expect(parsePurpose('ai-training')).toBe('ai-training');
    expect(() => parsePurpose('marketing')).toThrow(/use one of public-health, policy/);
  });
});

describe('runInput', () => {
  it('merges the cohort into the input object and checks the files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-input-'));
    try {
      await writeFile(join(dir, 'in.json'), '{"outcome":"x","cohort":"replaced"}');
      await writeFile(join(dir, 'cohort.json'), '{"name":"c"}');
      await writeFile(join(dir, 'list.json'), '[1]');
      await writeFile(join(dir, 'bad.json'), '{ "secret": 1234');
      expect(await runInput({ input: join(dir, 'in.json'), cohort: join(dir, 'cohort.json') })).toEqual({
        outcome: 'x',
        cohort: { name: 'c' },
      });
      expect(await runInput({ cohort: join(dir, 'cohort.json') })).toEqual({ cohort: { name: 'c' } });
      expect(await runInput({ input: join(dir, 'list.json') })).toEqual([1]);
      await expect(
        runInput({ input: join(dir, 'list.json'), cohort: join(dir, 'cohort.json') }),
      ).rejects.toThrow(/--input: must hold a JSON object/);
      // The parse error says where, never what the file holds.
      await expect(runInput({ input: join(dir, 'bad.json') })).rejects.toThrow(
        /--input: .*bad.json is not valid JSON$/,
      );
      await expect(runInput({})).rejects.toThrow(/give --input/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('configDir', () => {
  it('uses XDG_CONFIG_HOME when set, else ~/.config', () => {
    expect(configDir({ XDG_CONFIG_HOME: '/x/cfg' })).toBe(join('/x/cfg', 'ai4h'));
    expect(configDir({})).toMatch(/\.config[/\\]ai4h$/);
  });
});
