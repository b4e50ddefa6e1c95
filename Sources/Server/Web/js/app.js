// The Roost web client: wires the session (session.js) to the screens (login, lobby, game).
// Everything the server says arrives in `App.message`; everything the user does becomes one
// request. Open the console and look at `roost` to inspect the state.

import { ChatPanel } from './chat.js';
import { GameEntry, GameScreen } from './game.js';
import { HEADINGS } from './cycles.js';
import { LeaderboardPanel } from './leaderboard.js';
import { LobbyModel, LobbyView } from './lobby.js';
import { Session } from './session.js';
import { $, el, isObject, isString, playerInfo } from './util.js';

/// The shortest time between two lobby re-subscriptions made to cover a gap.
const RESNAPSHOT_INTERVAL_MS = 5000;
/// The shortest time between two session restarts made to recover a game that went out of step.
const RESYNC_INTERVAL_MS = 60000;
/// How long an error stays on screen.
const ERROR_SHOWN_MS = 10000;

const REQUEST_WORDS = {
  login: 'Login', 'lobby.subscribe': 'Lobby', 'game.create': 'Creating the game', 'game.join': 'Joining',
  quickplay: 'Quick play', 'game.move': 'Move', 'game.leave': 'Leaving', chat: 'Chat', 'leaderboard.get': 'Leaderboard',
};

/// Move errors that steering fast enough causes now and then; the next tick shows the truth.
const QUIET_STEERING_ERRORS = new Set(['too_many_pending_moves', 'illegal_move']);

class App {
  constructor() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.session = new Session(`${scheme}//${location.host}/ws`);
    this.lobby = new LobbyModel();
    this.games = new Map();       // game id -> GameEntry
    this.activeId = null;         // the game on screen, if the game screen is shown
    this.lastResnapshot = -Infinity;
    this.resnapshotTimer = 0;
    this.lastResync = -Infinity;
    this.errorTimer = 0;

    this.lobbyView = new LobbyView($('#lobby-view'), {
      join: (id) => this.request({ t: 'game.join', game: id, as: 'player' }),
      watch: (id) => this.request({ t: 'game.join', game: id, as: 'spectator' }),
      askInvite: (id) => this.askInvite(id),
      open: (id) => this.openGame(id),
    }, (id) => this.games.has(id));
    this.gameScreen = new GameScreen($('#game-view'), {
      move: (entry, column) => this.request({ t: 'game.move', game: entry.id, move: column }),
      steer: (entry, heading) => this.steer(entry, heading),
    });
    this.lobbyChat = new ChatPanel($('#lobby-chat'), (text) => this.request({ t: 'chat', room: 'lobby', text }) !== 0);
    this.gameChat = new ChatPanel($('#game-chat'), (text) => this.activeId !== null && this.request({ t: 'chat', room: this.activeId, text }) !== 0);
    this.leaderboard = new LeaderboardPanel($('#leaderboard'), (query) => this.request(query), () => this.session.player?.id ?? null);
    this.bindForms();

    this.session.onState = (state, detail) => this.connectionState(state, detail);
    this.session.onWelcome = (info) => this.welcomed(info);
    this.session.onMessage = (msg, request) => this.message(msg, request);
    this.session.onLoggedOut = (why) => { this.resetPlayer(); this.showError(why); };
  }

  start() { this.session.start(); }

  // --- requests ---------------------------------------------------------------------------

  /// Sends a request; shows an error and returns 0 when not connected.
  request(msg, note = null) {
    const cid = this.session.request(msg, note);
    if (cid === 0) this.showError('Not connected to the server right now; try again in a moment.');
    return cid;
  }

  bindForms() {
    $('#login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const name = $('#nickname').value.trim();
      if (name) this.request({ t: 'login', name });
    });
    $('#create-kind').addEventListener('change', () => this.showCreateOptions());
    $('#create-form').addEventListener('submit', (event) => { event.preventDefault(); this.createGame(); });
    $('#quickplay-connect4').addEventListener('click', () => this.request({ t: 'quickplay', kind: 'connect4' }));
    $('#quickplay-cycles').addEventListener('click', () => this.request({ t: 'quickplay', kind: 'cycles' }));
    $('#join-form').addEventListener('submit', (event) => { event.preventDefault(); this.joinByCode('invite', 'player'); });
    $('#join-by-id').addEventListener('click', () => this.joinByCode('game', 'player'));
    $('#watch-by-id').addEventListener('click', () => this.joinByCode('game', 'spectator'));
    $('#leave-button').addEventListener('click', () => this.leaveClicked());
    $('#leave-confirm').addEventListener('click', () => this.leaveGame());
    $('#back-to-lobby').addEventListener('click', () => this.backToLobby());
    $('#logout-button').addEventListener('click', () => { this.resetPlayer(); this.session.logOut(); });
    $('#error-dismiss').addEventListener('click', () => this.hideError());
  }

  showCreateOptions() {
    const kind = $('#create-kind').value;
    for (const row of document.querySelectorAll('#create-form [data-for-kind]')) row.hidden = row.dataset.forKind !== kind;
  }

  createGame() {
    const kind = $('#create-kind').value;
    const msg = { t: 'game.create', kind, private: $('#create-private').checked };
    if (kind === 'connect4') {
      const clock = $('#create-clock').value;
      msg.options = { moveClockMilliseconds: clock === '' ? null : Number(clock) };
    } else if (kind === 'cycles') {
      const side = Number($('#create-grid').value);
      msg.seats = Number($('#create-seats').value) || 2;
      msg.options = { width: side, height: side, countdownMilliseconds: Math.round(Number($('#create-countdown').value || 0) * 1000) };
    }
    this.request(msg);
  }

  joinByCode(field, role) {
    const code = $('#join-code').value.trim();
    if (!code) return this.showError('Type a game id or an invite code first.');
    this.request({ t: 'game.join', [field]: code, as: role });
  }

  askInvite(id) {
    const input = $('#join-code');
    input.value = '';
    input.placeholder = `Invite code for ${id}`;
    input.focus();
  }

  steer(entry, heading) {
    if (!entry.isPlayer || entry.isOver || !entry.model || entry.kind !== 'cycles') return;
    const cycle = entry.model.cycles[entry.seat];
    if (!cycle || !cycle.riding) return;
    const current = entry.turnQueue.at(-1) ?? HEADINGS[cycle.heading];
    const reverse = HEADINGS[(HEADINGS.indexOf(current) + 2) % 4];
    // Same heading: nothing to do; reverse: illegal; more than two queued: the server refuses.
    if (heading === current || heading === reverse || entry.turnQueue.length >= 2) return;
    if (this.request({ t: 'game.move', game: entry.id, move: heading }) !== 0) entry.turnQueue.push(heading);
  }

  leaveClicked() {
    const entry = this.games.get(this.activeId);
    if (!entry) return this.backToLobby();
    if (entry.isOver) return this.forget(entry.id);
    if (entry.isPlayer && entry.state === 'playing') {
      $('#leave-confirm').hidden = false; // leaving a running game forfeits it: ask once more
      $('#leave-confirm').focus();
      return;
    }
    this.leaveGame();
  }

  leaveGame() {
    $('#leave-confirm').hidden = true;
    if (this.activeId !== null) this.request({ t: 'game.leave', game: this.activeId });
  }

  // --- server messages --------------------------------------------------------------------

  welcomed(info) {
    if (!info.player) {
      this.resetPlayer();
      this.setScreen('login');
      return;
    }
    this.setPlayer(info.player);
    if (info.resumed) return; // same session: lobby subscription and games carry on (§10)
    // A new session (first connection, reload, or a refused resume): follow the lobby again and
    // take back the seats the server holds, each with a fresh snapshot.
    this.request({ t: 'lobby.subscribe' });
    this.leaderboard.refresh();
    const held = new Set(info.games);
    for (const [id, entry] of this.games) {
      if (held.has(id) || entry.isOver) continue;
      if (entry.role === 'spectator') {
        this.request({ t: 'game.join', game: id, as: 'spectator' }, 'rejoin');
      } else {
        // The seat is gone: the game ended, or we were away longer than the grace period.
        this.games.delete(id);
        this.showError(`You no longer hold a seat in ${entry.title()}: it ended or you were away too long.`, 'seat_lost');
      }
    }
    for (const id of held) this.request({ t: 'game.join', game: id, as: 'player' }, 'rejoin');
    if (info.restarted) this.notice(`Reconnected with a new session (${info.reason || 'resume refused'}); rejoining your games.`);
    if (this.activeId === null || !this.games.has(this.activeId)) this.showLobby();
  }

  message(msg, request) {
    switch (msg.t) {
      case 'login.ok': return this.loggedIn(msg);
      case 'ok': return this.ok(request);
      case 'lobby.snapshot': return this.lobbySnapshot(msg);
      case 'lobby.event': return this.lobbyEvent(msg);
      case 'game.joined': return this.joined(msg, request);
      case 'game.player': return this.gameMessage(msg, (entry) => this.notice(entry.playerChanged(msg), entry.id));
      case 'game.started':
        if (!isObject(msg.snapshot) || !Array.isArray(msg.players)) return undefined;
        return this.gameMessage(msg, (entry) => entry.started(msg, performance.now()));
      case 'game.update': return this.gameUpdate(msg);
      case 'game.finished':
        if (!isObject(msg.outcome)) return undefined;
        return this.gameMessage(msg, (entry) => entry.finished(msg));
      case 'chat': return this.chat(msg);
      case 'leaderboard': return this.leaderboard.show(msg);
      case 'error': return this.error(msg, request);
      default: return undefined; // a type this client does not know (§12): skip it
    }
  }

  loggedIn(msg) {
    const player = playerInfo(msg.player);
    if (!player || !isString(msg.token)) return;
    this.session.rememberLogin(msg.token, player);
    this.setPlayer(player);
    this.request({ t: 'lobby.subscribe' });
    this.leaderboard.refresh();
    this.showLobby();
  }

  ok(request) {
    if (request?.t === 'game.leave') this.forget(request.game);
  }

  lobbySnapshot(msg) {
    if (this.lobby.applySnapshot(msg)) this.lobbyView.render(this.lobby);
  }

  lobbyEvent(msg) {
    const result = this.lobby.applyEvent(msg);
    if (result === 'applied' || result === 'gap') this.lobbyView.render(this.lobby);
    if (result === 'gap') this.resnapshotLobby();
  }

  /// Subscribes again for a fresh snapshot, at most once per RESNAPSHOT_INTERVAL_MS.
  resnapshotLobby() {
    if (this.resnapshotTimer) return;
    const wait = Math.max(0, this.lastResnapshot + RESNAPSHOT_INTERVAL_MS - performance.now());
    this.resnapshotTimer = setTimeout(() => {
      this.resnapshotTimer = 0;
      this.lastResnapshot = performance.now();
      if (this.session.isOpen) this.session.request({ t: 'lobby.subscribe' });
    }, wait);
  }

  joined(msg, request) {
    if (!isString(msg.game)) return;
    const entry = new GameEntry(msg, performance.now());
    const wasActive = this.activeId === entry.id;
    this.games.set(entry.id, entry);
    // A game the user asked for comes on screen; a rejoined one only if it was there already.
    const asked = request !== undefined && request.note !== 'rejoin';
    if (asked || wasActive || this.activeId === null) this.openGame(entry.id);
    this.lobbyView.render();
  }

  gameMessage(msg, apply) {
    const entry = isString(msg.game) ? this.games.get(msg.game) : undefined;
    if (!entry) return;
    apply(entry);
    if (entry.id === this.activeId) this.gameScreen.render();
    this.renderMyGames();
  }

  gameUpdate(msg) {
    const entry = isString(msg.game) ? this.games.get(msg.game) : undefined;
    if (!entry) return;
    const changes = entry.update(msg.u, performance.now());
    if (changes === null) return this.resync(entry);
    if (entry.id === this.activeId) this.gameScreen.renderUpdate(changes);
  }

  /// A game's updates no longer fit its model (a server or client bug): a new session rejoins
  /// every game with fresh snapshots. Rare by design, so rate-limited rather than clever.
  resync(entry) {
    console.warn(`roost: an update of ${entry.id} does not fit the game; rejoining`);
    if (performance.now() - this.lastResync < RESYNC_INTERVAL_MS) return;
    this.lastResync = performance.now();
    this.session.restart();
  }

  chat(msg) {
    if (msg.room === 'lobby') this.lobbyChat.addLine(msg);
    else if (msg.room === this.activeId) this.gameChat.addLine(msg);
  }

  error(msg, request) {
    const code = isString(msg.code) ? msg.code : 'error';
    const text = isString(msg.message) ? msg.message : '';
    if (request?.t === 'game.move' && typeof request.move === 'string') {
      const entry = this.games.get(request.game);
      if (entry) entry.turnQueue = [];
      if (QUIET_STEERING_ERRORS.has(code)) return console.info('roost: turn refused:', code);
    }
    if (request?.note === 'rejoin' && (code === 'unknown_game' || code === 'game_over')) {
      this.games.delete(request.game);
      return this.renderMyGames();
    }
    const what = request ? REQUEST_WORDS[request.t] || request.t : 'Server';
    this.showError(`${what}: ${text || code}`, code);
  }

  // --- screens ----------------------------------------------------------------------------

  connectionState(state, detail) {
    const status = $('#status');
    status.dataset.state = state;
    status.textContent = { connecting: 'Connecting…', open: 'Connected', waiting: 'Offline', closed: 'Disconnected' }[state] || state;
    status.title = detail;
    $('#connecting-detail').textContent = detail;
    if (state === 'waiting' && this.activeId !== null) this.notice(detail, this.activeId);
    if (state === 'closed') this.showError(detail, 'closed');
  }

  setScreen(name) {
    document.body.dataset.screen = name;
    for (const id of ['connecting', 'login', 'lobby', 'game']) $(`#${id}-view`).hidden = id !== name;
    if (name !== 'game') this.gameScreen.show(null);
    if (name === 'login') $('#nickname').focus();
  }

  showLobby() {
    this.activeId = null;
    document.title = 'Roost';
    this.setScreen('lobby');
    this.lobbyView.render(this.lobby);
    this.renderMyGames();
  }

  openGame(id) {
    const entry = this.games.get(id);
    if (!entry) return;
    if (this.activeId !== id) this.gameChat.clear();
    this.activeId = id;
    $('#leave-confirm').hidden = true;
    this.setScreen('game');
    this.gameScreen.show(entry);
  }

  backToLobby() {
    const entry = this.games.get(this.activeId);
    if (entry?.isOver) this.games.delete(entry.id); // a finished game has nothing more to show
    this.showLobby();
  }

  /// Drops a game the session left.
  forget(id) {
    this.games.delete(id);
    if (this.activeId === id) this.showLobby(); else this.renderMyGames();
  }

  renderMyGames() {
    const list = $('#my-games-list');
    const entries = [...this.games.values()];
    $('#my-games').hidden = entries.length === 0;
    list.replaceChildren(...entries.map((entry) => el('li', { dataset: { gameId: entry.id, state: entry.state } },
      el('button', { type: 'button', onclick: () => this.openGame(entry.id) }, `${entry.title()} (${entry.isOver ? 'over' : entry.state})`))));
  }

  setPlayer(player) {
    $('#me').hidden = false;
    $('#me').textContent = player.name;
    $('#me').dataset.playerId = player.id;
    $('#logout-button').hidden = false;
  }

  resetPlayer() {
    this.games.clear();
    this.activeId = null;
    $('#me').hidden = true;
    $('#logout-button').hidden = true;
  }

  notice(text, room = null) {
    if (!text) return;
    if (room !== null && room === this.activeId) this.gameChat.addNotice(text);
    else if (room === null) this.lobbyChat.addNotice(text);
  }

  showError(text, code = '') {
    const box = $('#error');
    $('#error-text').textContent = text;
    box.dataset.code = code;
    box.hidden = false;
    clearTimeout(this.errorTimer);
    this.errorTimer = setTimeout(() => this.hideError(), ERROR_SHOWN_MS);
  }

  hideError() { $('#error').hidden = true; }
}

const app = new App();
window.roost = app; // for the console
app.start();
