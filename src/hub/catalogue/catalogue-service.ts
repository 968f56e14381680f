import type { CatalogueDataset, DatasetPublish } from '../../api/catalogue-schemas.ts';
import { forbidden } from '../../common/app-error.ts';
import { normaliseCode, PREFIX_CODE_SYSTEMS } from '../../common/code-search.ts';
import type { HubQueryable } from '../db/hub-db.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

/** Counts in a profile are already suppressed by the station; the hub suppresses again below this. */
export const SMALL_COUNT = 10;

/**
 * A title as a reader would take it to be the same: case, accents, punctuation and spacing aside
 * (`Ziekenhuis Noord — patiëntgegevens` and `ZIEKENHUIS NOORD - patientgegevens` are one title).
 */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `<stationId>/<identifier>`: a dataset's identifier in the catalogue, namespaced by its station. */
export function qualifiedIdentifier(stationId: string, identifier: string): string {
  return `${stationId}/${identifier}`;
}

/**
 * Publishes (or republishes) a station's dataset metadata, under the station's own identity only: the
 * entry is the station's, namespaced by its id (`qualifiedIdentifier`), and the station vouches for it.
 * Refused (403, and audited as `dataset.refused`) when it would pass for another station's dataset: an
 * identifier in another station's namespace (`<otherStationId>/…`) or one another station publishes, a
 * title another station's dataset has ({@link titleKey}), or the organisation identifier (KvK, URA)
 * another organisation's stations publish under. An identifier in the station's own namespace is taken
 * without it. Checked and written in one transaction under a lock, so two stations cannot race.
 */
export async function publishDataset(
  ctx: HubContext,
  stationId: string,
  input: DatasetPublish,
): Promise<{ id: string }> {
  const own = `${stationId}/`;
  const identifier = input.identifier.startsWith(own) ? input.identifier.slice(own.length) : input.identifier;
  const refused = await ctx.db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(4242017)');
    const [station] = await tx.query<{ organisation_id: string }>(
      'select organisation_id from stations where id = $1',
      [stationId],
    );
    const orgId = station!.organisation_id;
    const conflict = await identityConflict(tx, stationId, orgId, { ...input, identifier });
    if (conflict) return conflict;
    const now = ctx.now();
    const searchText = [input.title, input.description, ...input.keywords].join(' ').toLowerCase();
    const rows = await tx.query<{ id: string }>(
      `insert into datasets (id, station_id, organisation_id, identifier, title, description, metadata, search_text, published_at)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
       on conflict (station_id, identifier) do update set title = excluded.title, description = excluded.description,
         metadata = excluded.metadata, search_text = excluded.search_text, published_at = excluded.published_at
       returning id`,
      [
        newId('ds'),
        stationId,
        orgId,
        identifier,
        input.title,
        input.description,
        JSON.stringify({ ...input, identifier }),
        searchText,
        now,
      ],
    );
    const id = rows[0]!.id;
    await ctx.audit.recordIn(tx, [
      { actor: `station:${stationId}`, action: 'dataset.published', subject: id },
    ]);
    return { id };
  });
  if ('id' in refused) return refused;
  await ctx.audit.record({
    actor: `station:${stationId}`,
    action: 'dataset.refused',
    details: { field: refused.where },
  });
  throw forbidden(refused.message, refused.where);
}

/** Why a publication would pass for another station's dataset, or undefined when it would not. */
async function identityConflict(
  tx: HubQueryable,
  stationId: string,
  orgId: string,
  input: DatasetPublish,
): Promise<{ message: string; where: string } | undefined> {
  const slash = input.identifier.indexOf('/');
  if (slash > 0) {
    const [other] = await tx.query('select 1 from stations where id = $1 and id <> $2', [
      input.identifier.slice(0, slash),
      stationId,
    ]);
    if (other)
      return { message: "the identifier is in another station's namespace", where: 'body.identifier' };
  }
  const others = await tx.query<{
    identifier: string;
    title: string;
    organisation_id: string;
    publisher_id: string | null;
  }>(
    `select identifier, title, organisation_id, metadata->'publisherDetails'->>'identifier' as publisher_id
     from datasets where station_id <> $1`,
    [stationId],
  );
  if (others.some((d) => d.identifier === input.identifier))
    return { message: 'another station publishes a dataset with this identifier', where: 'body.identifier' };
  const title = titleKey(input.title);
  if (others.some((d) => titleKey(d.title) === title))
    return { message: 'another station publishes a dataset with this title', where: 'body.title' };
  const publisherId = input.publisherDetails.identifier.trim();
  if (others.some((d) => d.organisation_id !== orgId && d.publisher_id?.trim() === publisherId))
    return {
      message: "the organisation identifier is another organisation's",
      where: 'body.publisherDetails.identifier',
    };
  return undefined;
}

/**
 * Free-text search (`q`), a code present in the data (`code`: the same code in any system, or a code
 * under it in ICD-10 and ATC, see common/code-search.ts), a resource type or table (`type`).
 */
export async function searchCatalogue(
  ctx: HubContext,
  filter: { q?: string; code?: string; type?: string } = {},
): Promise<CatalogueDataset[]> {
  const rows = await ctx.db.query<{
    id: string;
    identifier: string;
    station_id: string;
    station_name: string;
    organisation_id: string;
    publisher: string;
    metadata: unknown;
    published_at: Date;
  }>(
    `select d.id, d.identifier, d.station_id, s.name as station_name, d.organisation_id, o.name as publisher, d.metadata, d.published_at
     from datasets d join stations s on s.id = d.station_id join organisations o on o.id = d.organisation_id
     where ($1::text is null or d.search_text like '%' || $1 || '%')
       and ($2::text is null or exists (
             select 1 from jsonb_array_elements(coalesce(d.metadata->'profile'->'codes', '[]'::jsonb)) c
             where c->>'code' = $2
                or ($4::text <> '' and c->>'system' = any($5::text[])
                    and replace(upper(c->>'code'), '.', '') like $4 || '%')))
       and ($3::text is null or lower($3) in (
             select lower(k) from jsonb_object_keys(coalesce(d.metadata->'profile'->'resourceCounts', '{}'::jsonb)) k))
     order by d.title, d.id`,
    [
      filter.q ? escapeLike(filter.q.toLowerCase()) : null,
      filter.code?.trim() ?? null,
      filter.type ?? null,
      escapeLike(normaliseCode(filter.code ?? '')),
      PREFIX_CODE_SYSTEMS,
    ],
  );
  return rows.map((r) =>
    catalogueEntry({
      ...json<DatasetPublish>(r.metadata),
      identifier: r.identifier,
      id: r.id,
      stationId: r.station_id,
      stationName: r.station_name,
      organisationId: r.organisation_id,
      publisher: r.publisher,
      publishedAt: iso(r.published_at)!,
    }),
  );
}

/** A catalogue entry with its namespaced identifier and the station that vouches for it. */
export function catalogueEntry(
  d: Omit<CatalogueDataset, 'qualifiedIdentifier' | 'vouchedBy'>,
): CatalogueDataset {
  return {
    ...d,
    qualifiedIdentifier: qualifiedIdentifier(d.stationId, d.identifier),
    vouchedBy: {
      stationId: d.stationId,
      stationName: d.stationName,
      organisationId: d.organisationId,
      organisation: d.publisher,
    },
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
