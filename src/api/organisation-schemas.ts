import { z } from 'zod';
import { Timestamp } from './api-values.ts';

export const Roles = ['admin', 'steward', 'researcher', 'reviewer', 'auditor'] as const;
export type Role = (typeof Roles)[number];
export const RoleSchema = z.enum(Roles);

export const OrganisationKinds = ['care', 'research', 'insurer', 'registry', 'platform', 'other'] as const;
export type OrganisationKind = (typeof OrganisationKinds)[number];

export const OrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(OrganisationKinds),
  createdAt: Timestamp,
});
export type Organisation = z.infer<typeof OrganisationSchema>;

export const OrganisationInputSchema = z.object({
  name: z.string().min(1).max(300),
  kind: z.enum(OrganisationKinds),
});

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  organisationId: z.string(),
  role: RoleSchema,
  createdAt: Timestamp,
});
export type User = z.infer<typeof UserSchema>;

export const UserInputSchema = z.object({
  email: z.string().email(),
  name: z.string().min(1).max(300),
  organisationId: z.string().min(1),
  role: RoleSchema,
  password: z.string().min(10, 'at least 10 characters').max(1000),
});
export type UserInput = z.infer<typeof UserInputSchema>;

export const LoginInputSchema = z.object({
  email: z.string().email(),
  password: z.string().min(1).max(1000),
});

export const LoginSchema = z.object({ token: z.string(), expiresAt: Timestamp, user: UserSchema });

/** API tokens expire: after 30 days unless asked otherwise, after 90 days at most. */
export const API_TOKEN_DAYS = { default: 30, max: 90 } as const;

export const ApiTokenInputSchema = z.object({
  label: z.string().min(1).max(200),
  expiresInDays: z.number().int().min(1).max(API_TOKEN_DAYS.max).optional(),
});

/** A new API token: the secret is in this answer only. */
export const ApiTokenCreatedSchema = z.object({
  id: z.string(),
  token: z.string(),
  expiresAt: Timestamp,
});

export const ApiTokenStatuses = ['active', 'expired', 'revoked'] as const;

/** An API token as listed: never its secret (the hub keeps only a hash of it). */
export const ApiTokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  label: z.string(),
  createdAt: Timestamp,
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  status: z.enum(ApiTokenStatuses),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** `?all=true`: every user's tokens (admin). */
export const ApiTokensQuerySchema = z.object({ all: z.enum(['true', 'false']).optional() });

export const OrganisationQuerySchema = z.object({ organisationId: z.string().optional() });
