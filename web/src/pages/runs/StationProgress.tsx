import type { RunView } from '../../../../src/api/index.ts';
import { RefusalReasonTexts } from '../../../../src/common/refusal-reasons.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { DataTable } from '../../ui/ui.tsx';

/** Each station's task in the run's latest round: status, and why it refused or failed, in the page's language. */
export function StationProgress({ run }: { run: RunView }) {
  const { t, lang, date } = useI18n();
  const last = run.rounds.at(-1);
  return (
    <div aria-live="polite">
      <DataTable
        caption={t('run.progress', {
          round: run.round + 1,
          status: t(`run.status.${run.status}` as TextKey),
        })}
        columns={[
          { key: 'station', label: t('run.station') },
          { key: 'status', label: t('common.status') },
          { key: 'why', label: t('run.why') },
          { key: 'answered', label: t('run.answeredAt') },
        ]}
        rows={(last?.stations ?? []).map((s) => ({
          station: s.stationName,
          status: <span className={`ai4h-status--${s.status}`}>{t(`task.${s.status}` as TextKey)}</span>,
          why: s.reason
            ? `${RefusalReasonTexts[s.reason][lang]}${s.reason === 'permit-not-approved' ? ` ${t('run.waitSteward')}` : ''}`
            : (s.message ?? ''),
          answered: s.answeredAt ? date(s.answeredAt) : '–',
        }))}
      />
    </div>
  );
}
