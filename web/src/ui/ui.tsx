import { type ReactNode, useId } from 'react';
import { describeError } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** NL Design System (Utrecht) components as plain elements with their classes: tokens give the look. */
export function Heading({ level, children, id }: { level: 1 | 2 | 3; children: ReactNode; id?: string }) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className={`utrecht-heading-${level}`}>
      {children}
    </Tag>
  );
}

export function P({ children, lead }: { children: ReactNode; lead?: boolean }) {
  return <p className={`utrecht-paragraph${lead ? ' utrecht-paragraph--lead' : ''}`}>{children}</p>;
}

export function Button({
  children,
  kind = 'primary',
  type = 'button',
  onClick,
  disabled,
  busy,
}: {
  children: ReactNode;
  kind?: 'primary' | 'secondary' | 'subtle' | 'danger';
  type?: 'button' | 'submit';
  onClick?: () => void;
  disabled?: boolean;
  busy?: boolean;
}) {
  const cls =
    kind === 'danger'
      ? 'utrecht-button--secondary-action utrecht-button--danger'
      : `utrecht-button--${kind === 'primary' ? 'primary' : kind === 'secondary' ? 'secondary' : 'subtle'}${kind === 'subtle' ? '' : '-action'}`;
  return (
    <button
      type={type}
      className={`utrecht-button ${cls}${busy ? ' utrecht-button--busy' : ''}`}
      onClick={onClick}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {children}
    </button>
  );
}

export function Alert({
  kind,
  children,
}: {
  kind: 'info' | 'ok' | 'warning' | 'error';
  children: ReactNode;
}) {
  return (
    <div className={`utrecht-alert utrecht-alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <div className="utrecht-alert__content">{children}</div>
    </div>
  );
}

/** A failed call as a clear message in the page's language: what went wrong, the reason, each problem. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const v = describeError(error, t, lang);
  return (
    <Alert kind="error">
      <p className="utrecht-paragraph">
        <strong>{v.title}</strong>
        {v.reason ? ` ${v.reason}` : ''}
      </p>
      {v.problems.length > 0 && (
        <ul className="utrecht-unordered-list">
          {v.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="utrecht-paragraph" role="status">
      {t('common.loading')}
    </p>
  );
}

interface FieldProps {
  label: string;
  description?: string;
  error?: string;
}

function FieldFrame({
  label,
  description,
  error,
  id,
  children,
}: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {description && (
        <div className="utrecht-form-field-description" id={`${id}-desc`}>
          {description}
        </div>
      )}
      {error && (
        <div className="utrecht-form-field-error-message" id={`${id}-err`}>
          {error}
        </div>
      )}
      <div className="utrecht-form-field__input">{children}</div>
    </div>
  );
}

const describedBy = (id: string, p: FieldProps) =>
  [p.description ? `${id}-desc` : '', p.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(
  p: FieldProps & {
    value: string;
    onChange(v: string): void;
    type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'search';
    required?: boolean;
    autoComplete?: string;
    name?: string;
  },
) {
  const id = useId();
  return (
    <FieldFrame {...p} id={id}>
      <input
        id={id}
        name={p.name}
        className={`utrecht-textbox utrecht-textbox--html-input${p.error ? ' utrecht-textbox--invalid' : ''}`}
        type={p.type ?? 'text'}
        value={p.value}
        required={p.required}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(id, p)}
        autoComplete={p.autoComplete}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function TextArea(
  p: FieldProps & { value: string; onChange(v: string): void; rows?: number; name?: string },
) {
  const id = useId();
  return (
    <FieldFrame {...p} id={id}>
      <textarea
        id={id}
        name={p.name}
        className={`utrecht-textarea utrecht-textarea--html-textarea${p.error ? ' utrecht-textarea--invalid' : ''}`}
        rows={p.rows ?? 4}
        value={p.value}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy(id, p)}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function SelectField(
  p: FieldProps & {
    value: string;
    onChange(v: string): void;
    options: { value: string; label: string }[];
    name?: string;
  },
) {
  const id = useId();
  return (
    <FieldFrame {...p} id={id}>
      <select
        id={id}
        name={p.name}
        className="utrecht-select utrecht-select--html-select"
        value={p.value}
        aria-describedby={describedBy(id, p)}
        onChange={(e) => p.onChange(e.target.value)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
}) {
  const id = useId();
  return (
    <div className="utrecht-form-field utrecht-form-field--checkbox">
      <input
        id={id}
        type="checkbox"
        className="utrecht-checkbox utrecht-checkbox--html-input"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />{' '}
      <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}

export function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
      <legend className="utrecht-form-fieldset__legend">{legend}</legend>
      {children}
    </fieldset>
  );
}

/** A data table with a caption; numeric columns aligned right. */
export function DataTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: { key: string; label: string; numeric?: boolean }[];
  rows: Record<string, ReactNode>[];
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <P>{t('common.none')}</P>;
  return (
    <div className="utrecht-table-container utrecht-table-container--overflow-inline">
      <table className="utrecht-table utrecht-table--html-table">
        <caption className="utrecht-table__caption">{caption}</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={`utrecht-table__header-cell${c.numeric ? ' utrecht-table__header-cell--numeric-column' : ''}`}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
            <tr key={i} className="utrecht-table__row">
              {columns.map((c) => (
                <td
                  key={c.key}
                  className={`utrecht-table__cell${c.numeric ? ' utrecht-table__cell--numeric-column' : ''}`}
                >
                  {r[c.key] ?? '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
