import type { AlgorithmRegisterExport } from '../../../../../src/api/index.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { download } from '../../../ui/download.ts';
import { Button, DataTable, P } from '../../../ui/ui.tsx';

/** The fields shown of an Algoritmeregister entry, in the register's own order (the rest is in the JSON). */
const SHOWN = [
  'name',
  'organization',
  'description_short',
  'publication_category',
  'status',
  'goal',
  'proportionality',
  'human_intervention',
  'risks',
  'lawful_basis',
  'source_data',
  'methods_and_models',
  'provider',
  'tags',
] as const;

/**
 * An entry of the Dutch algorithm register (standard 1.0.0): its fields (in Dutch, as the register
 * holds them), those the provider still has to fill, and the JSON to hand to the register.
 */
export function RegisterEntryView({ value, caption }: { value: AlgorithmRegisterExport; caption: string }) {
  const { t } = useI18n();
  const e = value.entry;
  return (
    <>
      <DataTable
        caption={caption}
        columns={[
          { key: 'field', label: t('gov.register.field') },
          { key: 'value', label: t('gov.register.value') },
        ]}
        rows={SHOWN.map((k) => ({
          field: <span className="ai4h-mono">{k}</span>,
          value: (
            <span lang="nl">
              {String(e[k] ?? '') || (value.toComplete.includes(k) ? t('gov.register.toComplete') : '–')}
            </span>
          ),
        }))}
      />
      {value.toComplete.length > 0 && (
        <P>
          {t('gov.register.toCompleteList')} <span className="ai4h-mono">{value.toComplete.join(', ')}</span>
        </P>
      )}
      <div className="utrecht-button-group">
        <Button
          kind="secondary"
          onClick={() =>
            download(
              `algoritmeregister-${e.source_id || 'entry'}.json`,
              JSON.stringify(e, null, 2),
              'application/json',
            )
          }
        >
          {t('gov.register.json')}
        </Button>
      </div>
    </>
  );
}
