import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { RefusalReasonTexts } from '../common/index.ts';
import { texts } from './public/i18n.js';
import { registerWebUi } from './web-routes.ts';

describe('web UI routes', () => {
  it('serves the page and its assets with the right types', async () => {
    const app = Fastify();
    await registerWebUi(app);
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/ui/app.js');
    const js = await app.inject({ method: 'GET', url: '/ui/app.js' });
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body).toContain('/api/public/transparency');
    expect((await app.inject({ method: 'GET', url: '/ui/secret.txt' })).statusCode).toBe(404);
    const reasons = await app.inject({ method: 'GET', url: '/ui/refusal-reasons.js' });
    expect(reasons.headers['content-type']).toContain('javascript');
    const texts = JSON.parse(
      reasons.body.slice(reasons.body.indexOf('{'), reasons.body.lastIndexOf('}') + 1),
    );
    expect(texts).toEqual(RefusalReasonTexts);
    await app.close();
  });

  it('has every interface text, and every refusal reason, in Dutch and English', () => {
    expect(Object.keys(texts.en).sort()).toEqual(Object.keys(texts.nl).sort());
    for (const [reason, t] of Object.entries(RefusalReasonTexts)) {
      expect(t.nl.length, reason).toBeGreaterThan(10);
      expect(t.en.length, reason).toBeGreaterThan(10);
      expect(t.nl, reason).not.toBe(t.en);
    }
  });
});
