import { NavLink } from 'react-router';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';

const LINKS: { to: string; key: TextKey }[] = [
  { to: '/governance', key: 'gov.nav.systems' },
  { to: '/governance/readiness', key: 'gov.nav.readiness' },
  { to: '/governance/matchmaking', key: 'gov.nav.matchmaking' },
  { to: '/governance/elsa', key: 'gov.nav.elsa' },
  { to: '/governance/landscape', key: 'gov.nav.landscape' },
];

/** The governance pages, reachable from each of them. */
export function GovernanceNav() {
  const { t } = useI18n();
  return (
    <nav aria-label={t('gov.nav.label')} className="ai4h-subnav">
      <ul className="ai4h-subnav__list">
        {LINKS.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end className="ai4h-nav__link">
              {t(l.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
