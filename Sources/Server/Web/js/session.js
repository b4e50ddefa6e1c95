// One roost.v1 session over a WebSocket (Protocol/README.md): hello, seq tracking, requests
// with cid, and reconnecting with resume after a drop (§8, §10).
//
// The session reports through callbacks that the app sets:
//   onState(state, detail)   'connecting' | 'open' | 'waiting' (to reconnect) | 'closed' (for good)
//   onWelcome(info)          {player, games, resumed, restarted}: a (re)connection was welcomed
//   onMessage(msg, request)  a sequenced server message; `request` is what its cid answered
//   onLoggedOut(reason)      the token was refused: log in again
//
// Every server message is checked for the envelope only (an object with a string `t`); the
// handlers check the fields they use. Messages that are not JSON objects, or whose `t` is not
// known, are skipped (§12), never thrown on.

import { isObject, isInt, isString } from './util.js';

export const SUBPROTOCOL = 'roost.v1';
const CLIENT = { name: 'roost-web', version: '0.1.0' };

/// Limits assumed until `welcome.limits` says otherwise (§9).
export const DEFAULT_LIMITS = Object.freeze({
  maxMessageBytes: 65536, messagesPerSecond: 20, messageBurst: 40, bytesPerSecond: 262144,
  chatMaxChars: 280, chatPerSecond: 1, chatBurst: 3, resumeGraceMs: 30000, replayMessages: 1024,
});

/// How long without any message from the server before the client checks with a `ping`, and how
/// long it then waits for anything at all before it treats the connection as dead. Browsers answer
/// WebSocket pings by themselves but cannot tell a half-open connection; this can.
export const IDLE_CHECK_MS = 25000;
export const IDLE_TIMEOUT_MS = 10000;

const TOKEN_KEY = 'roost.token';

/// What a close code means for reconnecting (§8): 'never', 'login' (drop the token, reconnect),
/// 'replaced' (another tab took over), 'soon' (reconnect after 0-1 s) or 'backoff'.
export function closeAdvice(code) {
  switch (code) {
    case 1000: case 1002: case 1003: case 1007: case 4000: case 4001: case 4029: return 'never';
    case 4002: return 'login';
    case 4003: return 'replaced';
    case 1001: case 1006: case 1012: return 'soon';
    default: return 'backoff';
  }
}

/// The delay before reconnect attempt `attempt` (0 first): a random 0-1 s at first when the
/// advice is 'soon', else 1 s doubling up to 30 s, with ±50 % jitter (§8).
export function reconnectDelayMs(attempt, advice, random = Math.random) {
  if (attempt === 0 && advice === 'soon') return Math.floor(random() * 1000);
  const base = Math.min(30000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.floor(base * (0.5 + random()));
}

/// Parses one text frame; `null` when it is not a JSON object with a string `t`.
export function parseServerMessage(text) {
  if (typeof text !== 'string') return null;
  let msg;
  try { msg = JSON.parse(text); } catch { return null; }
  if (!isObject(msg) || !isString(msg.t)) return null;
  return msg;
}

export class Session {
  /// A session that will talk to `url` (ws: or wss:) once `start()` is called.
  constructor(url, storage = safeSessionStorage()) {
    this.url = url;
    this.storage = storage;
    this.token = storage.get(TOKEN_KEY);
    this.player = null;
    this.sessionId = null;     // welcome.session, to resume
    this.lastSeq = 0;          // the highest seq handled in this session
    this.limits = { ...DEFAULT_LIMITS };
    this.nextCid = 1;
    this.pending = new Map();  // cid -> the request it was sent with
    this.socket = null;
    this.welcomed = false;
    this.attempt = 0;          // reconnect attempts since the last welcome
    this.stopped = false;
    this.timers = { reconnect: 0, idle: 0 };
    this.lastReceivedAt = 0;
    this.pingSentAt = 0;
    this.onState = () => {};
    this.onWelcome = () => {};
    this.onMessage = () => {};
    this.onLoggedOut = () => {};
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  /// Whether requests can be sent now.
  get isOpen() { return this.welcomed && this.socket !== null && this.socket.readyState === WebSocket.OPEN; }

  /// Sends a request with a fresh cid; returns the cid, or 0 when not connected (nothing sent).
  /// `note` is kept with the request (not sent) and comes back with its reply as `request.note`.
  request(msg, note = null) {
    if (!this.isOpen) return 0;
    const cid = this.nextCid++;
    this.pending.set(cid, { ...msg, note });
    this.write({ ...msg, cid });
    return cid;
  }

  /// Keeps `token` for this tab (sessionStorage), so a reload logs back in with it.
  rememberLogin(token, player) {
    this.token = token;
    this.player = player;
    this.storage.set(TOKEN_KEY, token);
  }

  /// Forgets the player and starts over on a new connection without token.
  logOut() {
    this.forgetLogin();
    this.restart();
  }

  // --- connection -------------------------------------------------------------------------

  connect() {
    clearTimeout(this.timers.reconnect);
    this.welcomed = false;
    this.onState('connecting', this.attempt > 0 ? `attempt ${this.attempt + 1}` : '');
    let socket;
    try {
      socket = new WebSocket(this.url, SUBPROTOCOL);
    } catch (error) {
      console.warn('roost: cannot open', this.url, error);
      this.scheduleReconnect('backoff', 'cannot open the connection');
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.sendHello();
    socket.onmessage = (event) => this.received(event.data);
    socket.onclose = (event) => this.closed(event.code, event.reason);
    socket.onerror = () => {}; // a close event follows with the details there are
  }

  sendHello() {
    this.lastReceivedAt = Date.now();
    this.armIdleCheck();
    const hello = { t: 'hello', cid: this.nextCid++, v: 1, client: CLIENT, caps: ['resume'] };
    if (this.token) {
      hello.token = this.token;
      if (this.sessionId) hello.resume = { session: this.sessionId, lastSeq: this.lastSeq };
    }
    this.write(hello);
  }

  write(msg) {
    try {
      this.socket.send(JSON.stringify(msg));
    } catch (error) {
      console.warn('roost: send failed', error); // the close event handles the rest
    }
  }

  received(data) {
    this.lastReceivedAt = Date.now();
    this.pingSentAt = 0;
    const msg = parseServerMessage(data);
    if (msg === null) {
      console.warn('roost: skipped a server message that is not a JSON object with a "t"');
      return;
    }
    if (msg.t === 'welcome') return this.welcome(msg);
    if (msg.t === 'pong' || msg.t === 'redirect') return; // unsequenced; redirects are not asked for
    if (!this.welcomed) {
      // Only an unsequenced error can come before welcome: the hello was refused.
      if (msg.t === 'error') this.helloRefused(msg);
      return;
    }
    if (isInt(msg.seq)) {
      if (msg.seq <= this.lastSeq) return; // already handled (cannot happen with a correct server)
      if (msg.seq !== this.lastSeq + 1) {
        // A lost message: resume from what we have, and the server replays the rest.
        console.warn(`roost: seq jumped from ${this.lastSeq} to ${msg.seq}; resuming`);
        this.drop();
        this.scheduleReconnect('soon', 'resynchronising');
        return;
      }
    }
    const request = isInt(msg.cid) ? this.pending.get(msg.cid) : undefined;
    if (request !== undefined) this.pending.delete(msg.cid);
    try {
      this.onMessage(msg, request);
    } catch (error) {
      // A message the client could not handle is lost for the view, not for the session.
      console.error(`roost: failed to handle a ${msg.t} message`, error);
    }
    if (isInt(msg.seq)) this.lastSeq = msg.seq; // after handling (§10)
  }

  welcome(msg) {
    if (!isString(msg.session)) return console.warn('roost: welcome without a session id');
    const resume = isObject(msg.resume) ? msg.resume : null;
    const resumed = resume !== null && resume.ok === true && msg.session === this.sessionId;
    if (!resumed) {
      // A new session: its seq starts at 1; nothing sent before can still be answered.
      this.lastSeq = 0;
      this.pending.clear();
    }
    this.sessionId = msg.session;
    this.limits = { ...DEFAULT_LIMITS, ...(isObject(msg.limits) ? pickInts(msg.limits) : {}) };
    this.player = isObject(msg.player) ? msg.player : null;
    if (this.player === null && this.token) this.forgetLogin(); // not accepted: log in again
    this.welcomed = true;
    this.attempt = 0;
    this.onState('open', '');
    const games = Array.isArray(msg.games) ? msg.games.filter(isString) : [];
    this.onWelcome({
      player: this.player, games, resumed,
      restarted: resume !== null && !resumed, reason: resume && isString(resume.reason) ? resume.reason : '',
    });
  }

  helloRefused(msg) {
    console.warn('roost: hello refused:', msg.code);
    if (msg.code === 'invalid_token') this.forgetLogin();
    // The server closes the connection next (4002 for a token); closed() decides what follows.
  }

  closed(code, reason) {
    this.socket = null;
    this.welcomed = false;
    clearTimeout(this.timers.idle);
    if (this.stopped) return;
    const advice = closeAdvice(code);
    switch (advice) {
      case 'never':
        this.stopped = true;
        this.onState('closed', describeClose(code, reason));
        return;
      case 'replaced':
        this.stopped = true;
        this.onState('closed', 'This session continued in another tab or window. Reload to play here.');
        return;
      case 'login':
        this.forgetLogin();
        this.onLoggedOut('Your login is no longer valid; please log in again.');
        this.scheduleReconnect('soon', 'logging in again');
        return;
      default:
        this.scheduleReconnect(advice, describeClose(code, reason));
    }
  }

  scheduleReconnect(advice, why) {
    if (this.stopped) return;
    const delay = reconnectDelayMs(this.attempt, advice);
    this.attempt += 1;
    this.onState('waiting', `${why}; reconnecting in ${Math.ceil(delay / 1000)} s`);
    clearTimeout(this.timers.reconnect);
    this.timers.reconnect = setTimeout(() => this.connect(), delay);
  }

  /// Abandons the current connection without waiting for its close handshake.
  drop() {
    const socket = this.socket;
    this.socket = null;
    this.welcomed = false;
    clearTimeout(this.timers.idle);
    if (socket === null) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // 1001 "going away", as a browser sends when a page closes: the session outlives it.
    try { socket.close(1001, 'reconnecting'); } catch { /* already closing */ }
  }

  restart() {
    this.drop();
    this.sessionId = null;
    this.lastSeq = 0;
    this.pending.clear();
    this.attempt = 0;
    this.stopped = false;
    this.connect();
  }

  forgetLogin() {
    this.token = null;
    this.player = null;
    this.sessionId = null;
    this.storage.remove(TOKEN_KEY);
  }

  // --- liveness ---------------------------------------------------------------------------

  armIdleCheck() {
    clearTimeout(this.timers.idle);
    this.timers.idle = setTimeout(() => this.idleCheck(), 1000);
  }

  idleCheck() {
    if (this.socket === null) return;
    const now = Date.now();
    if (this.pingSentAt !== 0 && now - this.pingSentAt >= IDLE_TIMEOUT_MS) {
      console.warn('roost: no answer from the server; reconnecting');
      this.drop();
      this.scheduleReconnect('soon', 'the connection stopped answering');
      return;
    }
    if (this.pingSentAt === 0 && this.welcomed && now - this.lastReceivedAt >= IDLE_CHECK_MS) {
      this.pingSentAt = now;
      this.write({ t: 'ping' });
    }
    this.armIdleCheck();
  }
}

/// Words for a close the user should know about.
export function describeClose(code, reason) {
  const known = {
    1000: 'The server closed the connection',
    1001: 'The server went away',
    1006: 'The connection dropped',
    1008: 'The connection fell behind',
    1009: 'A message was too big',
    1011: 'The server failed',
    1012: 'The server is restarting',
    1013: 'The server is busy',
    4000: 'The server did not accept this client (hello refused)',
    4001: 'The server speaks another protocol version',
    4002: 'The login expired',
    4029: 'Too many messages: disconnected',
  }[code] || `The connection closed (${code})`;
  return reason ? `${known}: ${reason}` : known;
}

function pickInts(object) {
  const out = {};
  for (const [key, value] of Object.entries(object)) if (isInt(value) && value >= 0) out[key] = value;
  return out;
}

/// sessionStorage, or a map when the browser refuses it (private modes, sandboxed frames).
function safeSessionStorage() {
  const memory = new Map();
  const store = (() => { try { return window.sessionStorage; } catch { return null; } })();
  return {
    get(key) { try { return store ? store.getItem(key) : memory.get(key) ?? null; } catch { return memory.get(key) ?? null; } },
    set(key, value) { memory.set(key, value); try { store?.setItem(key, value); } catch { /* memory only */ } },
    remove(key) { memory.delete(key); try { store?.removeItem(key); } catch { /* memory only */ } },
  };
}
