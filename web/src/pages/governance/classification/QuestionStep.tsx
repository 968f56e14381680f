import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../../../i18n/i18n.tsx';
import { Button } from '../../../ui/ui.tsx';
import { label } from '../labels.ts';

export interface NextQuestion {
  /** Which part of the questionnaire asks it. */
  part: 'mdr' | 'aiAct' | 'transparency';
  fact: string;
  question: { nl: string; en: string };
  answers: string[];
  citation: string;
}

/** One question of the questionnaire as radio buttons, with the article or rule it rests on. */
export function QuestionStep({ q, onAnswer }: { q: NextQuestion; onAnswer(answer: string): void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) {
      setError(true);
      return;
    }
    setError(false);
    setChosen('');
    onAnswer(chosen);
  };
  return (
    <form onSubmit={submit} noValidate data-fact={q.fact} className="ai4h-question">
      <fieldset
        className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"
        aria-describedby={`${id}-cite${error ? ` ${id}-err` : ''}`}
      >
        <legend className="utrecht-form-fieldset__legend">{q.question[lang]}</legend>
        <p className="utrecht-form-field-description" id={`${id}-cite`}>
          {t('gov.classify.restsOn', { citation: q.citation })}
        </p>
        {error && (
          <p className="utrecht-form-field-error-message" id={`${id}-err`}>
            {t('gov.classify.choose')}
          </p>
        )}
        {q.answers.map((a) => (
          <div key={a} className="utrecht-form-field utrecht-form-field--radio">
            <input
              type="radio"
              id={`${id}-${a}`}
              name={`${id}-answer`}
              value={a}
              className="utrecht-radio-button utrecht-radio-button--html-input"
              checked={chosen === a}
              onChange={() => setChosen(a)}
            />{' '}
            <label className="utrecht-form-label utrecht-form-label--radio-button" htmlFor={`${id}-${a}`}>
              {label(a, lang)}
            </label>
          </div>
        ))}
      </fieldset>
      <Button type="submit">{t('gov.classify.next')}</Button>
    </form>
  );
}
