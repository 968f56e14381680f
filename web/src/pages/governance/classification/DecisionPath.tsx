import type { z } from 'zod';
import type { WalkResultSchema } from '../../../../../src/api/index.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { Button, Heading, P } from '../../../ui/ui.tsx';
import { label } from '../labels.ts';
import { isAnswerFact } from './answers.ts';

type Walk = z.infer<typeof WalkResultSchema>;

/** A decision path: each answered question with its answer, the article or rule, and the reasoning. */
export function DecisionPath({
  title,
  walk,
  outcome,
  onChange,
}: {
  title: string;
  walk: Walk;
  outcome: string | null;
  onChange?(fact: string): void;
}) {
  const { t, lang } = useI18n();
  const headingId = `h-path-${title.replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={headingId} className="ai4h-path">
      <Heading level={3} id={headingId}>
        {title}
      </Heading>
      {walk.path.length === 0 && <P>{t('gov.classify.notStarted')}</P>}
      <ol className="utrecht-ordered-list">
        {walk.path.map((s) => (
          <li key={s.node} className="ai4h-path__step">
            <strong>{s.question[lang]}</strong>
            <br />
            {t('gov.classify.answer')}: {label(s.answer, lang)} ·{' '}
            <span className="ai4h-cite">{s.citation}</span>
            <br />
            {s.reasoning[lang]}
            {onChange && isAnswerFact(s.fact) && (
              <>
                {' '}
                <Button kind="subtle" onClick={() => onChange(s.fact)}>
                  {t('gov.classify.change')}
                  <span className="ai4h-visually-hidden">: {s.question[lang]}</span>
                </Button>
              </>
            )}
          </li>
        ))}
      </ol>
      {walk.status === 'decided' ? (
        <div className="ai4h-outcome">
          <P>
            <strong>
              {t('gov.classify.outcome')}: {outcome ?? label(walk.outcome.class, lang)}
            </strong>{' '}
            · <span className="ai4h-cite">{walk.citation}</span>
          </P>
          <P>{walk.reasoning[lang]}</P>
        </div>
      ) : (
        <P>{t('gov.classify.open')}</P>
      )}
    </section>
  );
}
