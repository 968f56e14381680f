import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { releasedCount } from './public/count-format.js';
import { registerWebUi } from './web-routes.ts';

describe('released counts in the web UI', () => {
  it('shows a suppressed count as suppressed, never as 0', () => {
    for (const c of [null, undefined, { value: null, suppressed: true }, { value: 0, suppressed: true }])
      expect(releasedCount(c, 'nl')).toEqual({ value: null, text: 'onderdrukt (<10)' });
    // Combined over stations: every station withheld its count, so the sum 0 is not a count of 0.
    expect(releasedCount({ value: 0, suppressedAt: 2 }, 'en')).toEqual({
      value: null,
      text: 'suppressed (<10)',
    });
  });

  it('shows released counts as numbers, and says when a combined count leaves suppressed ones out', () => {
    expect(releasedCount(1234, 'nl')).toEqual({ value: 1234, text: '1.234' });
    expect(releasedCount({ value: 0, suppressed: false }, 'en')).toEqual({ value: 0, text: '0' });
    expect(releasedCount({ value: 640, suppressedAt: 0 }, 'en')).toEqual({ value: 640, text: '640' });
    expect(releasedCount({ value: 640, suppressedAt: 1 }, 'nl')).toEqual({
      value: 640,
      text: '640 (+ onderdrukt bij 1 station)',
    });
    expect(releasedCount({ value: 1640, suppressedAt: 2 }, 'en').text).toBe(
      '1,640 (+ suppressed at 2 stations)',
    );
  });

  it('is served beside the page that imports it', async () => {
    const app = Fastify();
    await registerWebUi(app);
    const js = await app.inject({ method: 'GET', url: '/ui/count-format.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect((await app.inject({ method: 'GET', url: '/ui/app.js' })).body).toContain(
      "from './count-format.js'",
    );
    await app.close();
  });
});
