import type { OrganisationKind } from '../../api/organisation-schemas.ts';
import type { Role } from '../auth/principal.ts';
import type { HubDb } from '../db/hub-db.ts';
import { createOrganisation, createUser } from './organisation-service.ts';

export interface DemoUser {
  email: string;
  password: string;
  role: Role;
  userId: string;
  organisationId: string;
  organisationName: string;
}

export interface DemoSeed {
  organisations: { id: string; name: string; kind: OrganisationKind }[];
  /** Keyed by a short handle: admin, reviewer, auditor, researcher, steward1..3. */
  users: Record<string, DemoUser>;
}

const plan: {
  handle: string;
  role: Role;
  email: string;
  org: string;
  kind: OrganisationKind;
  name: string;
}[] = [
  {
    handle: 'admin',
    role: 'admin',
    email: 'admin@ai4health.example',
    org: 'AI4Health Platform',
    kind: 'platform',
    name: 'Platform Admin',
  },
  {
    handle: 'reviewer',
    role: 'reviewer',
    email: 'reviewer@ai4health.example',
    org: 'AI4Health Platform',
    kind: 'platform',
    name: 'Access Reviewer',
  },
  {
    handle: 'auditor',
    role: 'auditor',
    email: 'auditor@ai4health.example',
    org: 'AI4Health Platform',
    kind: 'platform',
    name: 'Auditor',
  },
  {
    handle: 'researcher',
    role: 'researcher',
    email: 'researcher@research.example',
    org: 'Onderzoeksinstituut Zorg-AI',
    kind: 'research',
    name: 'Researcher',
  },
  {
    handle: 'steward1',
    role: 'steward',
    email: 'steward@ziekenhuis-noord.example',
    org: 'Ziekenhuis Noord',
    kind: 'care',
    name: 'Steward Noord',
  },
  {
    handle: 'steward2',
    role: 'steward',
    email: 'steward@huisartsen-midden.example',
    org: 'Huisartsencoöperatie Midden',
    kind: 'care',
    name: 'Steward Midden',
  },
  {
    handle: 'steward3',
    role: 'steward',
    email: 'steward@zorggroep-zuid.example',
    org: 'Zorggroep Zuid',
    kind: 'care',
    name: 'Steward Zuid',
  },
];

/**
 * Demo organisations and users with known passwords (`demo-<handle>`), for `npm start` and tests.
 * Idempotent is not a goal: call it once on an empty hub.
 */
export async function seedDemo(db: HubDb, now: Date = new Date()): Promise<DemoSeed> {
  const orgs = new Map<string, { id: string; name: string; kind: OrganisationKind }>();
  const users: Record<string, DemoUser> = {};
  for (const p of plan) {
    let org = orgs.get(p.org);
    if (!org) {
      const created = await createOrganisation(db, { name: p.org, kind: p.kind }, now);
      org = { id: created.id, name: created.name, kind: created.kind };
      orgs.set(p.org, org);
    }
    const password = `demo-${p.handle}`;
    const user = await createUser(
      db,
      { email: p.email, name: p.name, organisationId: org.id, role: p.role, password },
      now,
    );
    users[p.handle] = {
      email: user.email,
      password,
      role: p.role,
      userId: user.id,
      organisationId: org.id,
      organisationName: org.name,
    };
  }
  return { organisations: [...orgs.values()], users };
}
