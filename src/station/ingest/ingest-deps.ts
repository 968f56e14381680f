import type { FhirItem } from '../../fhir/read-fhir-files.ts';

/** A platform view as the ingest uses it: a table filled from one resource type. */
export interface IngestView {
  /** Table name. */
  readonly name: string;
  readonly resourceType: string;
  readonly columns: readonly {
    readonly name: string;
    readonly type?: string;
    readonly collection?: boolean;
  }[];
  /** The view run over one (pseudonymised) resource: its rows, keyed by column name. */
  readonly compiled: (resource: Record<string, unknown>) => Record<string, unknown>[];
  /** The same rows as arrays in `columns` order, when the view offers them (faster: no object per row). */
  readonly rows?: (resource: Record<string, unknown>) => unknown[][];
}

/** What the pseudonymiser must offer the ingest (see src/privacy/pseudonymise). */
export interface IngestPseudonymiser {
  pseudonymise(
    resource: Record<string, unknown>,
    options?: { urnMap?: ReadonlyMap<string, string> },
  ): Record<string, unknown>;
  bundleUrnMap(entries: Iterable<unknown>): Map<string, string>;
}

/**
 * The pieces the ingest composes. They come from the FHIR and privacy layers (see default-ingest-deps.ts);
 * tests pass small hand-written ones.
 */
export interface IngestDeps {
  /**
   * Expands folders into files (for the progress total); paths left out (missing, unsupported) go to
   * `onSkipped` with the reason.
   */
  list(paths: string[], onSkipped?: (skipped: { path: string; reason: string }) => void): Promise<string[]>;
  /** Streams resources and line-level errors from files (NDJSON, Bundles, .gz). */
  read(paths: string[], options: { onBytes: (n: number) => void }): AsyncIterable<FhirItem>;
  validate(resource: Record<string, unknown>, where: string): { ok: boolean; issues: string[] };
  pseudonymiser: IngestPseudonymiser;
  views: readonly IngestView[];
  /**
   * How reader threads build these same pieces (the default pieces only): the station secret and the
   * birth-date policy. Without it an ingest runs in one thread.
   */
  readerSetup?: { readonly secret: Uint8Array; readonly birthDatePolicy: string };
}
