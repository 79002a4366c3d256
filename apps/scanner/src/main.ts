import './styles.css';
import { Api, ApiError, OfflineError } from './api.js';
import type { CameraScanner } from './camera.js';
import { normalizePairingCode } from './codes.js';
import type { Decision, Direction, HistoryEntry } from './decide.js';
import { Engine } from './engine.js';
import { signal, unlockAudio } from './feedback.js';
import { Store, type Session } from './store.js';
import { clock, h } from './ui.js';
import { resultTone, resultWords } from './words.js';

/**
 * The scanner web app (/scan): sign in or pair, choose the event, gate and direction, then scan
 * by camera, handheld scanner (keyboard wedge) or typing. Offline first: see engine.ts.
 */

/** Time from a decoded code to its result on screen, for the browser test's measurements. */
interface ScanTiming {
  source: 'camera' | 'keyboard';
  ms: number;
  result: string;
  online: boolean;
}
declare global {
  interface Window {
    __scanTimings: ScanTiming[];
  }
}
window.__scanTimings = [];

const RESULT_MS = 1500;
const root = document.getElementById('app')!;
const api = new Api();
let store: Store;
let engine: Engine | null = null;
let camera: CameraScanner | null = null;

addEventListener('pointerdown', unlockAudio, { capture: true });
addEventListener('keydown', unlockAudio, { capture: true });

function show(...children: HTMLElement[]): void {
  camera?.stop();
  camera = null;
  root.replaceChildren(...children);
}

async function saveSession(session: Session): Promise<void> {
  await store.set('session', session);
}

function errorText(e: unknown): string {
  if (e instanceof OfflineError) return 'No network. Connect once to sign in or pair.';
  if (e instanceof ApiError) return e.detail;
  return String(e);
}

// ---------- sign in and pairing ----------

function signInScreen(message = ''): void {
  const error = h('p', { class: 'error', role: 'alert' }, message);
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const signIn = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'sign-in-title',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        error.textContent = '';
        try {
          const session = await api.signIn(email.value.trim(), password.value);
          if (!session.user.roles.some((r) => r === 'scanner' || r === 'admin')) {
            await api.signOut();
            throw new Error('This account cannot scan tickets (it needs the scanner role).');
          }
          const previous = await store.get('session');
          const next: Session =
            previous?.kind === 'user' && previous.email === session.user.email
              ? previous
              : { kind: 'user', email: session.user.email, eventId: null, eventTitle: null, gate: null, gateFixed: false, direction: 'entry' };
          await saveSession(next);
          if (next.eventId) scanScreen(next);
          else void setupScreen(next);
        } catch (e) {
          error.textContent = e instanceof ApiError && e.status === 401 ? 'Wrong e-mail or password.' : errorText(e);
        }
      },
    },
    h('h2', { id: 'sign-in-title' }, 'Scanner account'),
    h('label', { for: 'email' }, 'E-mail'),
    email,
    h('label', { for: 'password' }, 'Password'),
    password,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  show(h('main', { class: 'page' }, h('h1', {}, 'Ticket scanner'), error, signIn, pairingForm(error)));
}

function pairingForm(error: HTMLElement): HTMLElement {
  const input = h('input', {
    id: 'pairing-code',
    name: 'pairingCode',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    placeholder: 'SCP-XXXX-XXXX-XXXX',
  });
  const video = h('video', { class: 'pair-video', hidden: true, 'aria-label': 'Camera' });
  const pair = async (text: string) => {
    error.textContent = '';
    const code = normalizePairingCode(text);
    if (!code) {
      error.textContent = 'That is not a pairing code (SCP-XXXX-XXXX-XXXX).';
      return;
    }
    try {
      const answer = await api.call<{ deviceToken: string; device: { id: string; name: string; gate: string | null }; eventId: string }>(
        'POST',
        '/scanner-devices/pair',
        { pairingCode: code },
        10_000,
      );
      const session: Session = {
        kind: 'device',
        deviceToken: answer.deviceToken,
        deviceId: answer.device.id,
        deviceName: answer.device.name,
        eventId: answer.eventId,
        eventTitle: null,
        gate: answer.device.gate,
        gateFixed: answer.device.gate !== null,
        direction: 'entry',
      };
      await store.reset();
      await saveSession(session);
      if (session.gateFixed) scanScreen(session);
      else void setupScreen(session);
    } catch (e) {
      error.textContent =
        e instanceof ApiError && e.status === 400 ? 'This pairing code is not valid (used, expired or mistyped). Ask for a new one.' : errorText(e);
    }
  };
  const scanButton = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        if (camera) {
          camera.stop();
          camera = null;
          video.hidden = true;
          return;
        }
        try {
          video.hidden = false;
          const { startCamera } = await import('./camera.js');
          camera = await startCamera(video, (text) => {
            if (!normalizePairingCode(text)) return;
            input.value = text;
            camera?.stop();
            camera = null;
            video.hidden = true;
            void pair(text);
          });
        } catch (e) {
          video.hidden = true;
          error.textContent = `Camera unavailable: ${e instanceof Error ? e.message : e}. Type the code instead.`;
        }
      },
    },
    'Scan pairing QR',
  );
  return h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'pair-title',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        void pair(input.value);
      },
    },
    h('h2', { id: 'pair-title' }, 'Pair this device'),
    h('p', { class: 'hint' }, 'Scan or type the code from the back-office (Event → Scanner devices).'),
    h('label', { for: 'pairing-code' }, 'Pairing code'),
    input,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Pair'), scanButton),
    video,
  );
}

// ---------- event, gate and direction ----------

function directionToggle(current: Direction, onChange: (d: Direction) => void): HTMLElement {
  const group = h('div', { class: 'toggle', role: 'group', 'aria-label': 'Direction' });
  const buttons = (['entry', 'exit'] as const).map((d) =>
    h(
      'button',
      {
        type: 'button',
        'aria-pressed': String(d === current),
        'data-direction': d,
        onclick: () => {
          for (const b of buttons) b.setAttribute('aria-pressed', String(b === buttons[d === 'entry' ? 0 : 1]));
          onChange(d);
        },
      },
      d === 'entry' ? 'Entry' : 'Exit',
    ),
  );
  group.append(...buttons);
  return group;
}

async function setupScreen(session: Session, message = ''): Promise<void> {
  const error = h('p', { class: 'error', role: 'alert' }, message);
  const gate = h('input', { id: 'gate', name: 'gate', autocomplete: 'off', maxlength: 100, placeholder: 'e.g. North' });
  gate.value = session.gate ?? '';
  if (session.gateFixed) gate.setAttribute('readonly', '');
  let direction = session.direction;
  const select = h('select', { id: 'event', name: 'event', required: true });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const eventId = session.kind === 'user' ? select.value : session.eventId;
        if (!eventId) return;
        const title = session.kind === 'user' ? (select.selectedOptions[0]?.textContent ?? null) : session.eventTitle;
        if (eventId !== session.eventId) await store.clearFeed();
        const next: Session = { ...session, eventId, eventTitle: title, gate: gate.value.trim() || null, direction };
        await saveSession(next);
        scanScreen(next);
      },
    },
    h('h2', {}, 'Where are you scanning?'),
    session.kind === 'user' ? h('label', { for: 'event' }, 'Event') : null,
    session.kind === 'user' ? select : h('p', {}, `Device: ${session.deviceName ?? ''}`),
    h('label', { for: 'gate' }, 'Gate'),
    gate,
    h('span', { class: 'label' }, 'Direction'),
    directionToggle(direction, (d) => (direction = d)),
    h('button', { type: 'submit', class: 'primary' }, 'Start scanning'),
  );
  show(
    h(
      'main',
      { class: 'page' },
      h('h1', {}, 'Ticket scanner'),
      error,
      form,
      h('button', { type: 'button', class: 'link', onclick: () => void signOut() }, session.kind === 'device' ? 'Unpair this device' : 'Sign out'),
    ),
  );
  if (session.kind === 'user') {
    try {
      const page = await api.call<{ data: { id: string; title: string; status: string; startsAt: string }[] }>('GET', '/events?limit=100', undefined, 8000);
      const events = page.data.filter((e) => e.status === 'published').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      select.replaceChildren(...events.map((e) => h('option', { value: e.id }, `${e.title} — ${new Date(e.startsAt).toLocaleDateString('en-GB')}`)));
      if (session.eventId) select.value = session.eventId;
      if (events.length === 0) error.textContent = 'No published events.';
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return signInScreen('Your session ended. Sign in again.');
      error.textContent = errorText(e);
    }
  }
}

async function signOut(): Promise<void> {
  const queued = await store.queueLength();
  if (queued > 0 && !confirm(`${queued} scans are not synced yet. They will be sent when you sign in again on this device. Continue?`)) return;
  engine?.stop();
  engine = null;
  await api.signOut();
  await store.reset();
  signInScreen();
}

// ---------- scanning ----------

function scanScreen(session: Session): void {
  engine?.stop();
  if (session.kind === 'device') api.setCredentials({ kind: 'device', token: session.deviceToken! });
  const eng = new Engine(store, api, session);
  engine = eng;

  const title = h('div', { class: 'title' }, session.eventTitle ?? 'Event');
  const gateLabel = h('div', { class: 'gate' }, session.gate ? `Gate ${session.gate}` : 'No gate');
  const status = h('div', { class: 'status', role: 'status', 'data-testid': 'sync-status' });
  const scanned = h('b', { 'data-testid': 'scanned-count' }, '0');
  const inside = h('b', { 'data-testid': 'inside-count' }, '0');
  const insideLabel = h('span', {}, 'inside now');
  const history = h('ol', { class: 'history', 'aria-label': 'Recent scans' });
  const corrections = h('ol', { class: 'history', 'aria-labelledby': 'corrections-title' });
  const correctionsBox = h('section', { class: 'corrections', hidden: true }, h('h2', { id: 'corrections-title' }, 'Corrected by the server'), corrections);
  const video = h('video', { class: 'camera-video', 'aria-label': 'Camera view' });
  const cameraMsg = h('p', { class: 'camera-msg' });
  const input = h('input', {
    id: 'code',
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    enterkeyhint: 'go',
    placeholder: 'Scan or type TKT-…',
  });
  const coarse = matchMedia('(pointer: coarse)').matches;
  if (coarse) input.setAttribute('inputmode', 'none'); // a wedge scanner types without the on-screen keyboard
  const overlay = h('div', { class: 'result', hidden: true, role: 'alert', 'aria-live': 'assertive', 'data-testid': 'result' });
  let overlayTimer: ReturnType<typeof setTimeout> | null = null;
  let direction = session.direction;

  const hideOverlay = () => {
    overlay.hidden = true;
    if (overlayTimer) clearTimeout(overlayTimer);
    overlayTimer = null;
    input.focus({ preventScroll: true });
  };
  overlay.addEventListener('click', hideOverlay);

  let shownScan: string | null = null;
  const showResult = (decision: Decision, t0: number | null, source: ScanTiming['source'], clientScanId: string) => {
    shownScan = clientScanId;
    const tone = resultTone(decision.result);
    const details: (HTMLElement | null)[] = [];
    if (decision.holderName) details.push(h('p', { class: 'name', 'data-testid': 'holder-name' }, decision.holderName));
    if (decision.ticketTypeName) details.push(h('p', { class: 'type' }, decision.ticketTypeName));
    if (decision.result === 'already_checked_in' && decision.checkedInAt)
      details.push(h('p', { class: 'first' }, `First in ${clock(decision.checkedInAt)}${decision.checkedInGate ? ` at ${decision.checkedInGate}` : ''}`));
    if (decision.result === 'invalid' && decision.reason) details.push(h('p', { class: 'reason' }, reasonText(decision.reason)));
    overlay.className = `result ${tone}`;
    overlay.dataset.result = decision.result;
    overlay.replaceChildren(
      h('div', { class: 'icon', 'aria-hidden': 'true' }, tone === 'ok' ? '✓' : tone === 'warn' ? '!' : '✕'),
      h('p', { class: 'word', 'data-testid': 'result-word' }, resultWords(decision.result, decision.direction)),
      ...details.filter((d): d is HTMLElement => d !== null),
      h('p', { class: 'tap' }, 'Tap to continue'),
    );
    overlay.hidden = false;
    if (overlayTimer) clearTimeout(overlayTimer);
    overlayTimer = setTimeout(hideOverlay, RESULT_MS);
    signal(decision.result);
    if (t0 !== null)
      requestAnimationFrame(() => window.__scanTimings.push({ source, ms: performance.now() - t0, result: decision.result, online: eng.status.online }));
  };
  // The service answered otherwise while the result is still on screen: show its answer.
  const corrected = (entries: HistoryEntry[]) => {
    const e = entries.find((x) => x.clientScanId === shownScan && x.sync === 'corrected');
    if (!e || overlay.hidden || !e.serverResult) return;
    showResult(
      {
        result: e.serverResult,
        direction: e.direction,
        ticketId: e.ticketId,
        code: null,
        judgeable: true,
        reason: null,
        holderName: e.holderName,
        ticketTypeName: e.ticketTypeName,
        checkedInAt: e.checkedInAt,
        checkedInGate: e.checkedInGate,
      },
      null,
      'keyboard',
      e.clientScanId,
    );
    overlay.dataset.corrected = 'true';
  };

  let busy: Promise<void> = Promise.resolve();
  const submit = (text: string, t0: number, source: ScanTiming['source']) => {
    if (!text.trim() || eng.status.refused) return;
    busy = busy.then(async () => {
      const { decision, entry } = await eng.scan(text);
      delete overlay.dataset.corrected;
      showResult(decision, t0, source, entry.clientScanId);
    });
  };

  const form = h(
    'form',
    {
      class: 'manual',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        const t0 = performance.now();
        const text = input.value;
        input.value = '';
        submit(text, t0, 'keyboard');
      },
    },
    h('label', { for: 'code', class: 'sr-only' }, 'Ticket code'),
    input,
    h('button', { type: 'submit', class: 'primary' }, 'Check'),
    coarse
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': 'Show keyboard',
            onclick: () => {
              input.removeAttribute('inputmode');
              input.focus();
            },
          },
          '⌨',
        )
      : null,
  );

  const cameraButton = h('button', { type: 'button', class: 'secondary', 'data-testid': 'camera-toggle' }, 'Camera on');
  const startCam = async () => {
    cameraMsg.textContent = 'Starting camera…';
    try {
      const { startCamera } = await import('./camera.js');
      camera = await startCamera(video, (text, at) => submit(text, at, 'camera'));
      cameraMsg.textContent = '';
      cameraButton.textContent = 'Camera off';
      video.hidden = false;
    } catch (e) {
      cameraMsg.textContent = `No camera (${e instanceof Error ? e.name : e}). Use a handheld scanner or type the code.`;
      video.hidden = true;
    }
  };
  cameraButton.addEventListener('click', () => {
    if (camera) {
      camera.stop();
      camera = null;
      cameraButton.textContent = 'Camera on';
      video.hidden = true;
    } else void startCam();
  });

  const menu = h(
    'div',
    { class: 'menu' },
    session.kind === 'user' || !session.gateFixed
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              eng.stop();
              void setupScreen({ ...session, direction });
            },
          },
          session.kind === 'user' ? 'Event & gate' : 'Gate',
        )
      : null,
    h('button', { type: 'button', class: 'link', onclick: () => void signOut() }, session.kind === 'device' ? 'Unpair' : 'Sign out'),
  );

  const render = () => {
    const s = eng.status;
    title.textContent = eng.eventTitle ?? 'Event';
    status.className = `status ${s.online ? 'online' : 'offline'}`;
    status.dataset.online = String(s.online);
    status.dataset.queued = String(s.queued);
    const parts = [s.online ? 'Online' : 'Offline', `${s.queued} queued`, `last synced ${clock(s.lastSyncedAt)}`];
    if (s.loading) parts.push(`loading tickets… ${s.tickets}`);
    status.textContent = parts.join(' · ');
    scanned.textContent = String(s.scannedCount);
    inside.textContent = String(s.inside);
    insideLabel.textContent = s.insideSource === 'server' ? 'inside now' : 'inside (local)';
    if (s.refused && engine === eng) void refused(session, s.refused);
  };
  const renderHistory = async () => {
    const { recent, corrected } = await eng.history(8);
    history.replaceChildren(...recent.map(historyItem));
    corrections.replaceChildren(...corrected.map(historyItem));
    correctionsBox.hidden = corrected.length === 0;
  };
  eng.onChange(() => {
    render();
    void renderHistory();
  });
  eng.onHistory((entries) => {
    corrected(entries);
    void renderHistory();
  });

  show(
    h(
      'main',
      { class: 'scan' },
      h('header', { class: 'bar' }, h('div', {}, title, gateLabel), menu),
      status,
      h(
        'div',
        { class: 'controls' },
        directionToggle(direction, (d) => {
          direction = d;
          eng.setDirection(d);
          void saveSession({ ...session, direction: d });
          input.focus();
        }),
        h('div', { class: 'counters' }, h('div', {}, scanned, h('span', {}, 'scanned here')), h('div', {}, inside, insideLabel)),
      ),
      h('section', { class: 'camera', 'aria-label': 'Camera' }, video, cameraMsg, cameraButton),
      form,
      history,
      correctionsBox,
    ),
    overlay,
  );
  video.hidden = true;
  void eng.start().then(() => input.focus());
  void startCam();
}

function reasonText(reason: NonNullable<Decision['reason']>): string {
  return {
    unreadable: 'Not a ticket code',
    unknown_key: 'Not signed by this organiser',
    bad_signature: 'Forged or damaged code',
    unknown_code: 'No ticket with this code',
    not_in_feed: 'Ticket not known for this event',
    old_version: 'An older copy of this ticket',
  }[reason];
}

function historyItem(e: HistoryEntry): HTMLElement {
  const result = e.serverResult ?? e.localResult;
  const sync =
    e.sync === 'pending'
      ? 'queued'
      : e.sync === 'confirmed'
        ? 'synced'
        : e.sync === 'local'
          ? 'not sent'
          : `corrected: was ${resultWords(e.localResult, e.direction)}`;
  return h(
    'li',
    { class: `h-${resultTone(result)}`, 'data-sync': e.sync, 'data-result': result },
    h('span', { class: 'h-word' }, resultWords(result, e.direction)),
    h('span', { class: 'h-who' }, [e.holderName, e.ticketTypeName].filter(Boolean).join(' · ') || '—'),
    h(
      'span',
      { class: 'h-meta' },
      `${clock(e.scannedAt)} · ${e.direction} · ${sync}${e.sync === 'corrected' && e.checkedInGate ? ` (first in at ${e.checkedInGate} ${clock(e.checkedInAt)})` : ''}`,
    ),
  );
}

async function refused(session: Session, why: { code: string | null; message: string }): Promise<void> {
  engine?.stop();
  engine = null;
  if (session.kind === 'user') return signInScreen('Your session ended. Sign in again; queued scans are kept.');
  await saveSession({ ...session, revoked: true });
  revokedScreen(why.code);
}

function revokedScreen(code: string | null): void {
  show(
    h(
      'main',
      { class: 'page revoked', role: 'alert' },
      h('h1', {}, 'This device was revoked'),
      h('p', {}, code === 'device_revoked' || code === null ? 'An organiser revoked it: it can no longer scan.' : 'Its access has ended (revoked or expired).'),
      h('p', {}, 'Ask the organiser for a new pairing code.'),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          onclick: async () => {
            await store.reset();
            signInScreen();
          },
        },
        'Pair again',
      ),
    ),
  );
}

// ---------- start ----------

document.addEventListener('keydown', (ev) => {
  // A handheld scanner types wherever focus is: send its keys to the code field.
  const input = document.getElementById('code') as HTMLInputElement | null;
  const target = ev.target as HTMLElement | null;
  if (!input || ev.ctrlKey || ev.metaKey || ev.altKey || ev.key.length !== 1) return;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
  input.focus();
});

async function boot(): Promise<void> {
  store = await Store.open();
  const session = await store.get('session');
  if (!session) return signInScreen();
  if (session.kind === 'device') {
    if (session.revoked) return revokedScreen('device_revoked');
    api.setCredentials({ kind: 'device', token: session.deviceToken! });
    return session.eventId ? scanScreen(session) : signInScreen();
  }
  api.setCredentials({ kind: 'user' });
  // Offline with a chosen event: scan at once; the session is restored when the network returns.
  if (session.eventId) {
    void api.refresh().catch(() => false);
    return scanScreen(session);
  }
  const ok = await api.refresh().catch(() => false);
  return ok ? void setupScreen(session) : signInScreen();
}

void boot();
