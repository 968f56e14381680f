import type { HubDb } from './hub-db.ts';

/**
 * Versioned schema of the hub. Append new migrations; never edit one that has shipped. Each runs in
 * its own transaction and is recorded in `schema_migrations`, so a restart or a second hub instance
 * applies only what is missing.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'core',
    sql: `
create table hub_settings (key text primary key, value text not null);

create table organisations (
  id text primary key,
  name text not null unique,
  kind text not null,
  created_at timestamptz not null
);

create table users (
  id text primary key,
  email text not null unique,
  name text not null,
  organisation_id text not null references organisations(id),
  role text not null check (role in ('admin','steward','researcher','reviewer','auditor')),
  password_hash text not null,
  created_at timestamptz not null
);

create table api_tokens (
  id text primary key,
  user_id text not null references users(id),
  token_hash text not null unique,
  label text not null,
  created_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz
);

create table stations (
  id text primary key,
  name text not null,
  organisation_id text not null references organisations(id),
  public_key_pem text not null,
  key_id text not null,
  token_hash text not null unique,
  created_at timestamptz not null,
  last_heartbeat_at timestamptz,
  data_version text,
  software_version text
);

create table datasets (
  id text primary key,
  station_id text not null references stations(id),
  organisation_id text not null references organisations(id),
  identifier text not null,
  title text not null,
  description text not null,
  metadata jsonb not null,
  search_text text not null,
  published_at timestamptz not null,
  unique (station_id, identifier)
);

create table access_requests (
  id text primary key,
  requester_id text not null references users(id),
  organisation_id text not null references organisations(id),
  purpose text not null,
  title text not null,
  description text not null,
  body jsonb not null,
  status text not null check (status in ('submitted','approved','rejected')),
  decided_by text references users(id),
  decision_note text,
  decided_at timestamptz,
  created_at timestamptz not null
);

create table permits (
  id text primary key,
  request_id text not null references access_requests(id),
  holder_user_id text not null references users(id),
  holder_organisation_id text not null references organisations(id),
  body jsonb not null,
  status text not null check (status in ('active','revoked')),
  revoked_at timestamptz,
  revoke_reason text,
  issued_at timestamptz not null,
  expires_at timestamptz not null
);

create table runs (
  id text primary key,
  permit_id text not null references permits(id),
  user_id text not null references users(id),
  algorithm jsonb not null,
  input jsonb not null,
  round_input jsonb not null,
  round integer not null,
  status text not null check (status in ('running','done','failed')),
  result jsonb,
  result_digest text,
  error text,
  created_at timestamptz not null,
  finished_at timestamptz
);

create table tasks (
  id text primary key,
  run_id text not null references runs(id),
  round integer not null,
  station_id text not null references stations(id),
  permit_id text not null references permits(id),
  status text not null check (status in ('pending','delivered','done','refused','failed','timed-out')),
  envelope jsonb not null,
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  delivered_at timestamptz,
  answered_at timestamptz,
  output jsonb,
  digest text,
  data_version text,
  reason text,
  message text,
  unique (run_id, round, station_id)
);
create index tasks_station_pending on tasks (station_id, issued_at) where status = 'pending';
create index tasks_open on tasks (expires_at) where status in ('pending','delivered');

create table audit_log (
  seq bigint primary key,
  entry jsonb not null
);
create table audit_head (
  id integer primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
`,
  },
  {
    version: 2,
    name: 'audit head row',
    // Writers lock the head row before they chain an entry; an empty log gets one to lock (seq 0 at the
    // genesis hash, which is what verification expects of an empty log).
    sql: `
insert into audit_head (id, seq, hash) values (1, 0, '${'0'.repeat(64)}') on conflict (id) do nothing;
`,
  },
  {
    version: 3,
    name: 'signed station audit heads',
    // The latest head of each station's audit chain the station signed and the hub accepted; a head the
    // hub refused (bad signature, going back, a fork) flags the station until an operator looks.
    sql: `
create table station_audit_heads (
  station_id text primary key references stations(id),
  entries bigint not null,
  hash text not null,
  signed_head jsonb not null,
  received_at timestamptz not null
);
alter table stations add column audit_flag text;
alter table stations add column audit_flagged_at timestamptz;
`,
  },
  {
    version: 12,
    name: 'outcome monitors',
    // A monitor of a care innovation (src/monitoring) and its monthly releases: each release is an
    // ordinary run under the monitor's permit, so its result, provenance and audit entries are the run's.
    sql: `
create table monitors (
  id text primary key,
  name text not null,
  owner text not null,
  permit_id text not null references permits(id),
  created_by text not null references users(id),
  definition jsonb not null,
  created_at timestamptz not null
);
create table monitor_runs (
  monitor_id text not null references monitors(id),
  month text not null,
  run_id text not null references runs(id),
  created_at timestamptz not null,
  primary key (monitor_id, run_id)
);
create index monitor_runs_by_month on monitor_runs (monitor_id, month);
`,
  },
  {
    version: 17,
    name: 'sign-in throttle, API tokens that expire',
    // One row per account (`account:<email>`) and per address (`address:<ip>`): sign-in attempts in the
    // current window and, once too many failed, until when that key is locked. API tokens made without
    // an expiry (there was no default) now expire 90 days after this migration.
    sql: `
create table login_throttle (
  key text primary key,
  attempts integer not null,
  window_start timestamptz not null,
  locked_until timestamptz,
  refused integer not null default 0
);
create index api_tokens_user on api_tokens (user_id, created_at);
update api_tokens set expires_at = now() + interval '90 days' where expires_at is null;
`,
  },
  {
    version: 1301,
    name: 'stewardship in the browser: station reports, steward decisions',
    // What each station last reported for its stewards (policy, permits waiting: ids and digests) and
    // the decisions stewards record at the hub, signed, until the station reports them applied or
    // refused. At most one decision per permit and station waits for the station at a time.
    sql: `
create table station_steward_reports (
  station_id text primary key references stations(id),
  policy jsonb not null,
  waiting jsonb not null,
  reported_at timestamptz not null
);
create table steward_decisions (
  id text primary key,
  station_id text not null references stations(id),
  permit_id text not null references permits(id),
  permit_digest text not null,
  decision text not null check (decision in ('approve','deny')),
  reason text not null,
  decided_by text not null references users(id),
  decided_at timestamptz not null,
  signed jsonb not null,
  state text not null check (state in ('decided','applied','refused')),
  delivered_at timestamptz,
  station_at timestamptz,
  station_problem text
);
create index steward_decisions_station on steward_decisions (station_id, decided_at);
create unique index steward_decisions_open on steward_decisions (station_id, permit_id) where state = 'decided';
`,
  },
  {
    version: 1401,
    name: 'ai governance: models, AI systems, classifications, sandbox dry runs, AI-readiness, matchmaking, ELSA desk, landscape',
    // Numbered apart from the core sequence so parallel work on other tables does not collide.
    sql: `
create table governance_models (
  id text primary key,
  owner_user_id text not null references users(id),
  organisation_id text not null references organisations(id),
  record jsonb not null,
  registered_at timestamptz not null
);
create table ai_systems (
  id text primary key,
  owner_user_id text not null references users(id),
  organisation_id text not null references organisations(id),
  revision integer not null,
  body jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create table ai_system_classifications (
  id text primary key,
  system_id text not null references ai_systems(id),
  system_revision integer not null,
  classified_by text not null references users(id),
  body jsonb not null,
  classified_at timestamptz not null
);
create index ai_system_classifications_system on ai_system_classifications (system_id, classified_at);
create table sandbox_runs (
  id text primary key,
  request_id text not null references access_requests(id),
  submitted_by text not null references users(id),
  body jsonb not null,
  submitted_at timestamptz not null
);
create index sandbox_runs_request on sandbox_runs (request_id, submitted_at);
create table readiness_assessments (
  id text primary key,
  organisation_id text not null references organisations(id),
  submitted_by text not null references users(id),
  answers jsonb not null,
  share_name boolean not null,
  submitted_at timestamptz not null
);
create index readiness_assessments_organisation on readiness_assessments (organisation_id, submitted_at);
create table care_needs (
  id text primary key,
  organisation_id text not null references organisations(id),
  created_by text not null references users(id),
  body jsonb not null,
  created_at timestamptz not null
);
create table ai_solutions (
  id text primary key,
  owner_user_id text not null references users(id),
  organisation_id text not null references organisations(id),
  body jsonb not null,
  created_at timestamptz not null
);
create table elsa_experts (
  user_id text primary key references users(id),
  added_by text not null references users(id),
  added_at timestamptz not null
);
create table elsa_questions (
  id text primary key,
  asked_by text not null references users(id),
  question text not null,
  tags jsonb not null,
  asked_at timestamptz not null,
  answer text,
  answered_by text references users(id),
  answered_at timestamptz,
  published boolean not null default false,
  published_question text
);
create table landscape_initiatives (
  id text primary key,
  body jsonb not null,
  added_by text not null references users(id),
  added_at timestamptz not null
);
`,
  },
  {
    version: 1402,
    name: 'ai governance: readiness comparison snapshots',
    // The network comparison is released from snapshots that move only when several organisations
    // changed, with the noise drawn once and stored (docs/decisions/readiness-comparison.md).
    sql: `
create table readiness_snapshots (
  id text primary key,
  members jsonb not null,
  network jsonb not null,
  taken_at timestamptz not null
);
create index readiness_snapshots_taken on readiness_snapshots (taken_at);
`,
  },
  {
    version: 1403,
    name: 'ai governance: sandbox dry runs executed by the hub, with their hashes',
    // Earlier rows were reported by the requester's own command: kept, marked unverified.
    sql: `
alter table sandbox_runs add column verified boolean not null default false;
alter table sandbox_runs add column executed_by text not null default 'requester' check (executed_by in ('hub','requester'));
alter table sandbox_runs add column algorithm_hash text not null default '';
alter table sandbox_runs add column inputs_hash text not null default '';
`,
  },
  {
    version: 1701,
    name: 'auth: station tokens that expire, rotate and are revoked',
    // A station token had no expiry and could not be revoked. Each now expires (stations renew it before
    // then), can be revoked, and remembers the API token it was issued with (if any), so revoking that
    // API token also ends the station credentials it made. Tokens issued before expire in 90 days.
    sql: `
alter table stations add column token_expires_at timestamptz;
alter table stations add column token_revoked_at timestamptz;
alter table stations add column token_issued_with text references api_tokens(id);
update stations set token_expires_at = now() + interval '90 days' where token_expires_at is null;
alter table stations alter column token_expires_at set not null;
create index stations_token_issued_with on stations (token_issued_with) where token_issued_with is not null;
`,
  },
];

/** Applies the migrations not yet recorded. Safe to call on every start. */
export async function migrate(db: HubDb): Promise<number[]> {
  await db.exec(
    'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
  );
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      // The advisory lock keeps two hub instances starting together from applying a migration twice.
      await tx.query('select pg_advisory_xact_lock(4242001)');
      const rows = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
