import { releasedCount } from './count-format.js';
import { texts } from './i18n.js';
import { refusalReasons } from './refusal-reasons.js';

// A small single-page face on the hub's REST API: no build step, no framework.
const state = {
  lang: localStorage.getItem('lang') ?? 'nl',
  token: sessionStorage.getItem('token'),
  me: null,
};
const t = (key) => texts[state.lang][key] ?? key;
/** A refusal reason as the reader's language says it; the code stays in the tooltip. */
const reasonText = (code) =>
  `<span title="${esc(code)}">${esc(refusalReasons[code]?.[state.lang] ?? code)}</span>`;
const view = document.getElementById('view');

const esc = (v) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const fmtDate = (iso) => (iso ? new Date(iso).toLocaleString(state.lang === 'nl' ? 'nl-NL' : 'en-GB') : '–');
/** A released count (a number, null, `{ value, suppressed | suppressedAt }`): its value for a chart and its text. */
const count = (c) => releasedCount(c, state.lang);
const num = (n) =>
  n === undefined || n === null
    ? t('suppressed')
    : Number(n).toLocaleString(state.lang === 'nl' ? 'nl-NL' : 'en-GB');

async function api(path, options = {}) {
  const headers = { ...(options.body ? { 'content-type': 'application/json' } : {}) };
  if (state.token) headers.authorization = `Bearer ${state.token}`;
  const res = await fetch(path, {
    ...options,
    headers,
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  // Errors are the API's ErrorBody: {error, message, where, details?: {reason?, issues?, …}}.
  if (!res.ok) {
    const reason = body?.details?.reason;
    if (reason) throw new Error(refusalReasons[reason]?.[state.lang] ?? body.message);
    throw new Error(body?.where ? `${body.where}: ${body.message}` : (body?.message ?? `${res.status}`));
  }
  return body;
}

function table(headers, rows) {
  if (rows.length === 0) return `<p class="muted">${t('none')}</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(t(h))}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** Horizontal bar chart (SVG) of labelled values; null values are shown as suppressed. */
function barChart(items) {
  const max = Math.max(1, ...items.map((i) => i.value ?? 0));
  const h = 26;
  const bars = items
    .map((it, i) => {
      const w = it.value == null ? 0 : Math.max(2, (it.value / max) * 420);
      return `<text x="0" y="${i * h + 17}">${esc(it.label).slice(0, 42)}</text>
        <rect x="300" y="${i * h + 4}" width="${w}" height="${h - 10}" fill="#0b6e99"></rect>
        <text x="${306 + w}" y="${i * h + 17}">${esc(it.text ?? num(it.value))}</text>`;
    })
    .join('');
  return `<svg width="820" height="${items.length * h + 4}" role="img">${bars}</svg>`;
}

function renderResult(result) {
  if (!result || typeof result !== 'object') return `<pre>${esc(JSON.stringify(result, null, 2))}</pre>`;
  let html = '';
  if ('count' in result) html += `<p><strong>${t('count')}:</strong> ${esc(count(result.count).text)}</p>`;
  const attrition = result.attrition ?? result.combined?.attrition;
  if (Array.isArray(attrition)) {
    html += `<h4>${t('attrition')}</h4>${barChart(
      attrition.map((s) => ({
        label: s.label ?? s.name ?? s.step ?? '',
        ...count(s.count ?? s.remaining ?? null),
      })),
    )}`;
  }
  html += `<details><summary>JSON</summary><pre>${esc(JSON.stringify(result, null, 2))}</pre></details>`;
  return html;
}

const pages = {
  async overview() {
    const [list, datasets] = await Promise.all([
      state.token ? api('/api/stations').catch(() => []) : Promise.resolve([]),
      api('/api/catalogue'),
    ]);
    return `<h2>${t('stations')}</h2>${
      state.token
        ? table(
            ['station', 'organisation', 'status', 'lastSeen', 'dataVersion'],
            list.map((s) => [
              esc(s.name),
              esc(s.organisationName),
              `<span class="dot ${s.status}"></span>${esc(s.status)}`,
              fmtDate(s.lastHeartbeatAt),
              `<code>${esc(s.dataVersion ?? '–')}</code>`,
            ]),
          )
        : `<p class="muted">${t('needLogin')}</p>`
    }<h2>${t('datasets')}</h2>${datasetCards(datasets)}`;
  },
  async catalogue() {
    const q = new URLSearchParams(location.hash.split('?')[1] ?? '').get('q') ?? '';
    const isCode = /^[A-Z0-9.-]+$/i.test(q) && /\d/.test(q);
    const datasets = await api(
      `/api/catalogue?${new URLSearchParams(q ? (isCode ? { code: q } : { q }) : {})}`,
    );
    return `<form class="inline" id="search"><input name="q" size="40" value="${esc(q)}" placeholder="${esc(t('searchPlaceholder'))}"><button>${t('search')}</button>
      <a href="/api/catalogue/dcat.jsonld">DCAT-AP JSON-LD</a> · <a href="/api/catalogue/dcat.ttl">Turtle</a></form>${datasetCards(datasets)}`;
  },
  async runs() {
    if (!state.token) return `<p class="muted">${t('needLogin')}</p>`;
    const id = new URLSearchParams(location.hash.split('?')[1] ?? '').get('id');
    if (id) return runDetail(await api(`/api/runs/${encodeURIComponent(id)}`));
    const list = await api('/api/runs');
    return table(
      ['algorithm', 'status', 'issued', ''],
      list.map((r) => [
        `${esc(r.algorithm.name)} ${esc(r.algorithm.version)}`,
        `<span class="${esc(r.status)}">${esc(r.status)}</span>`,
        fmtDate(r.createdAt),
        `<a href="#runs?id=${esc(r.id)}">${t('open')}</a>`,
      ]),
    );
  },
  async access() {
    if (!state.token) return `<p class="muted">${t('needLogin')}</p>`;
    const [reqs, perms] = await Promise.all([api('/api/requests'), api('/api/permits')]);
    const reviewer = state.me?.role === 'reviewer' || state.me?.role === 'admin';
    return `<h2>${t('requests')}</h2>${table(
      ['title', 'purpose', 'status', ''],
      reqs.map((r) => [
        esc(r.title),
        esc(r.purpose),
        esc(r.status),
        reviewer && r.status === 'submitted'
          ? `<button data-decide="${esc(r.id)}" data-approve="1">${t('approve')}</button> <button class="secondary" data-decide="${esc(r.id)}">${t('reject')}</button>`
          : '',
      ]),
    )}<h2>${t('permits')}</h2>${table(
      ['title', 'purpose', 'status', 'expires'],
      perms.map((p) => [
        esc(p.permit.title),
        esc(p.permit.purpose),
        `<span class="${esc(p.status)}">${esc(p.status)}</span>`,
        fmtDate(p.permit.expiresAt),
      ]),
    )}`;
  },
  async transparency() {
    const entries = await api('/api/public/transparency');
    return `<p>${t('publicRegister')}</p>${
      entries
        .map(
          (e) => `<div class="card"><h3>${esc(e.title)}</h3>
        <p><span class="pill">${esc(e.purpose)}</span><span class="pill ${esc(e.status)}">${esc(e.status)}</span>
        ${t('holder')}: ${esc(e.holderOrganisation)} · ${t('issued')}: ${fmtDate(e.issuedAt)} · ${t('expires')}: ${fmtDate(e.expiresAt)}</p>
        <p>${t('stations')}: ${e.stations.map((s) => esc(s.name)).join(', ')}</p>
        ${table(
          ['algorithm', 'status', 'result'],
          e.runs.map((r) => [
            `${esc(r.algorithm.name)} ${esc(r.algorithm.version)}`,
            esc(r.status),
            r.result ? renderResult(r.result) : '–',
          ]),
        )}</div>`,
        )
        .join('') || `<p class="muted">${t('none')}</p>`
    }`;
  },
  async audit() {
    if (!state.token) return `<p class="muted">${t('needLogin')}</p>`;
    const v = await api('/api/audit/verify');
    return `<p class="${v.ok ? 'done' : 'error'}"><strong>${v.ok ? t('auditOk') : t('auditBroken')}</strong> (${esc(v.entries)} entries${v.problem ? `: ${esc(v.problem)}` : ''})</p>`;
  },
};

function datasetCards(datasets) {
  if (datasets.length === 0) return `<p class="muted">${t('none')}</p>`;
  return `<div class="cards">${datasets
    .map(
      (
        d,
      ) => `<div class="card"><h3>${esc(d.title)}</h3><p class="muted">${esc(d.stationName)} · ${esc(d.publisher)}</p>
      <p>${esc(d.description)}</p>
      <p>${t('patients')}: <strong>${num(d.profile?.numberOfUniqueIndividuals)}</strong> · ${t('records')}: ${num(d.profile?.numberOfRecords)}
      · ${t('ages')}: ${esc(d.profile?.minTypicalAge ?? '?')}–${esc(d.profile?.maxTypicalAge ?? '?')}</p>
      <p>${(d.keywords ?? []).map((k) => `<span class="pill">${esc(k)}</span>`).join('')}</p>
      <p class="muted">${t('codingSystems')}: ${(d.codingSystems ?? []).map(esc).join(', ')}</p></div>`,
    )
    .join('')}</div>`;
}

function runDetail(run) {
  const rounds = run.rounds
    .map(
      (r) =>
        `<h4>${t('round')} ${r.round}</h4>${table(
          ['station', 'status', 'dataVersion'],
          r.stations.map((s) => [
            esc(s.stationName),
            `<span class="${esc(s.status)}">${esc(s.status)}</span>${s.reason ? ` – ${reasonText(s.reason)}` : ''}`,
            `<code>${esc(s.dataVersion ?? '–')}</code>`,
          ]),
        )}`,
    )
    .join('');
  return `<h2>${esc(run.algorithm.name)} ${esc(run.algorithm.version)} <span class="${esc(run.status)}">${esc(run.status)}</span></h2>
    ${rounds}<h3>${t('result')}</h3>${run.result ? renderResult(run.result) : `<p class="muted">${esc(run.error ?? '…')}</p>`}
    <h3>${t('provenance')}</h3><pre>${esc(JSON.stringify(run.provenance, null, 2))}</pre>`;
}

function renderSession() {
  const el = document.getElementById('session');
  if (state.token && state.me) {
    el.innerHTML = `${t('signedInAs')} <strong>${esc(state.me.name ?? state.me.email)}</strong> (${esc(state.me.role)}) <button class="secondary" id="logout">${t('signOut')}</button>`;
    document.getElementById('logout').onclick = () => {
      state.token = null;
      state.me = null;
      sessionStorage.removeItem('token');
      void render();
    };
  } else {
    el.innerHTML = `<form class="inline" id="login"><input name="email" placeholder="${t('email')}" autocomplete="username"><input name="password" type="password" placeholder="${t('password')}" autocomplete="current-password"><button>${t('signIn')}</button><span class="error" id="login-error"></span></form>`;
    document.getElementById('login').onsubmit = async (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      try {
        const r = await api('/api/auth/login', {
          method: 'POST',
          body: { email: f.get('email'), password: f.get('password') },
        });
        state.token = r.token;
        sessionStorage.setItem('token', r.token);
        await loadMe();
        void render();
      } catch (e) {
        document.getElementById('login-error').textContent = e.message;
      }
    };
  }
}

async function loadMe() {
  if (!state.token) return;
  try {
    state.me = await api('/api/me');
  } catch {
    state.token = null;
    sessionStorage.removeItem('token');
  }
}

async function render() {
  document.documentElement.lang = state.lang;
  document.getElementById('lang').textContent = state.lang === 'nl' ? 'EN' : 'NL';
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  const page = location.hash.slice(1).split('?')[0] || 'overview';
  document.getElementById('tabs').innerHTML = Object.keys(pages)
    .map((p) => `<a href="#${p}" class="${p === page ? 'active' : ''}">${t(p)}</a>`)
    .join('');
  renderSession();
  try {
    view.innerHTML = await (pages[page] ?? pages.overview)();
  } catch (e) {
    view.innerHTML = `<p class="error">${esc(e.message)}</p>`;
  }
  const search = document.getElementById('search');
  if (search)
    search.onsubmit = (ev) => {
      ev.preventDefault();
      location.hash = `catalogue?q=${encodeURIComponent(new FormData(search).get('q'))}`;
    };
  for (const b of document.querySelectorAll('[data-decide]')) {
    b.onclick = async () => {
      await api(`/api/requests/${b.dataset.decide}/decision`, {
        method: 'POST',
        body: { approve: !!b.dataset.approve, note: 'via web' },
      });
      void render();
    };
  }
}

document.getElementById('lang').onclick = () => {
  state.lang = state.lang === 'nl' ? 'en' : 'nl';
  localStorage.setItem('lang', state.lang);
  void render();
};
window.addEventListener('hashchange', render);
await loadMe();
await render();
setInterval(() => {
  if ((location.hash.slice(1) || 'overview').startsWith('overview') || location.hash.includes('runs?id='))
    void render();
}, 5000);
