import type { AuditEntry, AuditVerification } from '../audit/index.ts';
import type { AlgorithmRef, Permit, RefusalReason } from '../protocol/messages.ts';

/**
 * Shapes of the hub's REST API as the client sees them. The hub's OpenAPI document
 * (`GET /openapi.json`) is the reference; these types mirror it so callers need not import the hub.
 */
export type Role = 'admin' | 'steward' | 'researcher' | 'reviewer' | 'auditor';

export interface HubUser {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  role: Role;
  createdAt: string;
}

export interface HubOrganisation {
  id: string;
  name: string;
  kind: 'care' | 'research' | 'insurer' | 'registry' | 'platform' | 'other';
  createdAt: string;
}

export interface HubStation {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  publicKeyPem: string;
  keyId: string;
  createdAt: string;
  lastHeartbeatAt?: string;
  dataVersion?: string;
  softwareVersion?: string;
  status: 'online' | 'offline';
}

/** An organisation as the catalogue describes it: an identifier (e.g. KvK or URA number), e-mail, website. */
export interface AgentDetails {
  identifier: string;
  email: string;
  homepage: string;
}

export interface DatasetMetadata {
  identifier: string;
  title: string;
  description: string;
  /** At least one. */
  keywords: string[];
  themes?: string[];
  contactPoint: { name: string; email: string };
  /** The station's organisation as publisher of the dataset. */
  publisherDetails: AgentDetails;
  /** Who made the data, when not the publishing organisation. */
  creator?: AgentDetails & { name: string };
  codingSystems?: string[];
  profile?: {
    numberOfRecords?: number;
    numberOfUniqueIndividuals?: number;
    minTypicalAge?: number;
    maxTypicalAge?: number;
    temporalCoverage?: { start: string; end: string };
    resourceCounts?: Record<string, number>;
    codes?: { system: string; code: string; display?: string; count?: number }[];
    [extra: string]: unknown;
  };
}

export interface CatalogueEntry extends DatasetMetadata {
  id: string;
  stationId: string;
  stationName: string;
  organisationId: string;
  publisher: string;
  publishedAt: string;
}

export interface AccessRequestInput {
  purpose: Permit['purpose'];
  title: string;
  description: string;
  datasets?: string[];
  stations: string[];
  algorithms: { name: string; version: string; hash?: string }[];
  durationDays: number;
  queryBudget: number;
}

export interface AccessRequest extends AccessRequestInput {
  id: string;
  requesterId: string;
  organisationId: string;
  status: 'submitted' | 'approved' | 'rejected';
  decidedBy?: string;
  decisionNote?: string;
  decidedAt?: string;
  createdAt: string;
  permitId?: string;
}

export interface PermitRecord {
  permit: Permit;
  status: 'active' | 'revoked' | 'expired';
  requestId: string;
  holderUserId: string;
  revokedAt?: string;
  revokeReason?: string;
}

export type TaskStatus = 'pending' | 'delivered' | 'done' | 'refused' | 'failed' | 'timed-out';

export interface StationTaskStatus {
  taskId: string;
  stationId: string;
  stationName: string;
  status: TaskStatus;
  reason?: RefusalReason;
  message?: string;
  dataVersion?: string;
  digest?: string;
  issuedAt: string;
  expiresAt: string;
  deliveredAt?: string;
  answeredAt?: string;
}

export interface RunView {
  id: string;
  permitId: string;
  userId: string;
  algorithm: AlgorithmRef;
  input: unknown;
  status: 'running' | 'done' | 'failed';
  round: number;
  rounds: { round: number; stations: StationTaskStatus[] }[];
  result?: unknown;
  resultDigest?: string;
  error?: string;
  createdAt: string;
  finishedAt?: string;
  /** Changes with the run's status, round and task statuses (absent from hubs that do not long-poll runs). */
  version?: string;
  provenance: {
    permitId: string;
    algorithm: AlgorithmRef;
    answered: { stationId: string; stationName: string; dataVersion: string; rounds: number[] }[];
    missing: {
      stationId: string;
      stationName: string;
      round: number;
      status: TaskStatus;
      reason?: string;
      message?: string;
    }[];
  };
}

export interface TransparencyEntry {
  permitId: string;
  holderOrganisation: string;
  purpose: Permit['purpose'];
  title: string;
  issuedAt: string;
  expiresAt: string;
  status: 'active' | 'revoked' | 'expired';
  revokedAt?: string;
  stations: { id: string; name: string; organisation: string }[];
  runs: {
    id: string;
    algorithm: { name: string; version: string };
    status: string;
    startedAt: string;
    finishedAt?: string;
    stationsAnswered: number;
    result?: unknown;
    resultDigest?: string;
  }[];
}

/** Audit entries are the same shape at the hub and at a station (src/audit). */
export type AuditEntryView = AuditEntry;

/** The result of checking a hash chain (src/audit). */
export type AuditVerificationView = AuditVerification;
