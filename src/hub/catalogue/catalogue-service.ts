import type { CatalogueDataset, DatasetPublish } from '../../api/catalogue-schemas.ts';
import { normaliseCode, PREFIX_CODE_SYSTEMS } from '../../common/code-search.ts';
import { iso, json } from '../db/row-values.ts';
import type { HubContext } from '../hub-context.ts';
import { newId } from '../new-id.ts';

/** Counts in a profile are already suppressed by the station; the hub suppresses again below this. */
export const SMALL_COUNT = 10;

/** Publishes (or republishes) a station's dataset metadata. */
export async function publishDataset(
  ctx: HubContext,
  stationId: string,
  input: DatasetPublish,
): Promise<{ id: string }> {
  const stations = await ctx.db.query<{ organisation_id: string }>(
    'select organisation_id from stations where id = $1',
    [stationId],
  );
  const orgId = stations[0]!.organisation_id;
  const now = ctx.now();
  const searchText = [input.title, input.description, ...input.keywords].join(' ').toLowerCase();
  const rows = await ctx.db.query<{ id: string }>(
    `insert into datasets (id, station_id, organisation_id, identifier, title, description, metadata, search_text, published_at)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
     on conflict (station_id, identifier) do update set title = excluded.title, description = excluded.description,
       metadata = excluded.metadata, search_text = excluded.search_text, published_at = excluded.published_at
     returning id`,
    [
      newId('ds'),
      stationId,
      orgId,
      input.identifier,
      input.title,
      input.description,
      JSON.stringify(input),
      searchText,
      now,
    ],
  );
  const id = rows[0]!.id;
  await ctx.audit.record({ actor: `station:${stationId}`, action: 'dataset.published', subject: id });
  return { id };
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
    station_id: string;
    station_name: string;
    organisation_id: string;
    publisher: string;
    metadata: unknown;
    published_at: Date;
  }>(
    `select d.id, d.station_id, s.name as station_name, d.organisation_id, o.name as publisher, d.metadata, d.published_at
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
  return rows.map((r) => ({
    ...json<DatasetPublish>(r.metadata),
    id: r.id,
    stationId: r.station_id,
    stationName: r.station_name,
    organisationId: r.organisation_id,
    publisher: r.publisher,
    publishedAt: iso(r.published_at)!,
  }));
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
