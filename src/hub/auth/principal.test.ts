import { describe, expect, it } from 'vitest';
import { requireRole } from './principal.ts';

describe('requireRole', () => {
  it('names admin as the role an admin-only route needs', () => {
    const researcher = {
      kind: 'user',
      userId: 'u1',
      organisationId: 'o1',
      role: 'researcher',
    } as Parameters<typeof requireRole>[0];
    expect(() => requireRole(researcher, [], 'POST /x')).toThrow(
      'role researcher may not do this; needs admin',
    );
  });
});
