// One game the session is in (as a player or a spectator), and the game screen that shows it.
// The game-specific parts live in connect4.js and cycles.js; this file holds what every kind
// shares: seats and presence, state, the outcome, the game chat.

import { ConnectFourModel, ConnectFourView } from './connect4.js';
import { CyclesModel, CyclesView, HEADINGS, SEAT_COLORS, cyclesSeatLabel } from './cycles.js';
import { END_REASONS, el, formatDuration, isInt, isObject, isString, kindName, playerInfo, seatedPlayers } from './util.js';

const MODELS = { connect4: ConnectFourModel, cycles: CyclesModel };

export class GameEntry {
  /// A game from its `game.joined` message.
  constructor(msg, now) {
    this.id = msg.game;
    this.kind = isString(msg.kind) ? msg.kind : '?';
    this.role = msg.as === 'spectator' ? 'spectator' : 'player';
    this.seat = this.role === 'player' && isInt(msg.seat) ? msg.seat : null;
    this.seats = isInt(msg.seats) ? msg.seats : 0;
    this.state = isString(msg.state) ? msg.state : 'waiting';
    this.invite = isString(msg.invite) ? msg.invite : null;
    this.players = new Map(); // seat -> {seat, id, name, status}
    this.setPlayers(msg.players);
    this.model = null;
    this.outcome = null;
    this.resultId = null;
    this.turnQueue = [];      // Cycles: headings asked for and not yet seen taken, oldest first
    this.setSnapshot(msg.snapshot, now);
  }

  get isPlayer() { return this.seat !== null; }
  get isOver() { return this.outcome !== null || this.state === 'finished'; }

  setPlayers(list) {
    const old = this.players;
    this.players = new Map(seatedPlayers(list).map((p) => [p.seat, { ...p, status: old.get(p.seat)?.status ?? 'joined' }]));
  }

  nameOf(seat) { return this.players.get(seat)?.name ?? `seat ${seat + 1}`; }

  setSnapshot(snapshot, now) {
    if (!isObject(snapshot)) return;
    const Model = MODELS[this.kind];
    this.model = Model ? Model.fromSnapshot(snapshot, now) : null;
    if (this.model === null && Model) console.warn('roost: skipped a malformed snapshot of', this.id);
    this.turnQueue = [];
    if (this.model?.outcome) this.outcome = this.model.outcome;
  }

  /// A `game.player` message; returns a notice for the chat, or ''.
  playerChanged(msg) {
    const player = playerInfo(msg.player);
    if (!player || !isInt(msg.seat)) return '';
    const status = isString(msg.status) ? msg.status : 'joined';
    if (status === 'left' && this.state === 'waiting') this.players.delete(msg.seat);
    else this.players.set(msg.seat, { seat: msg.seat, ...player, status });
    return {
      joined: `${player.name} joined`, away: `${player.name} dropped; their seat is held for a while`,
      back: `${player.name} is back`, left: `${player.name} left`,
    }[status] || '';
  }

  started(msg, now) {
    this.state = 'playing';
    this.setPlayers(msg.players);
    this.setSnapshot(msg.snapshot, now);
  }

  /// Applies a `u`; returns the model's changes, true for a change without details, or null when
  /// the update does not fit the model.
  update(u, now) {
    if (!this.model) return true;
    if (isObject(u) && u.k === 'ended' && isObject(u.outcome)) this.outcome = u.outcome;
    if (this.kind === 'connect4') return this.model.apply(u, now) ? true : null;
    const changes = this.model.apply(u);
    if (changes && this.isPlayer) {
      const mine = this.model.cycles[this.seat];
      if (this.turnQueue.length > 0 && mine && HEADINGS[mine.heading] === this.turnQueue[0]) this.turnQueue.shift();
      if (mine && !mine.riding) this.turnQueue = [];
    }
    return changes;
  }

  finished(msg) {
    this.state = 'finished';
    if (isObject(msg.outcome)) this.outcome = msg.outcome;
    this.resultId = isString(msg.result) ? msg.result : null;
  }

  title() {
    const names = [...this.players.values()].map((p) => p.name);
    return `${kindName(this.kind)}${names.length ? ': ' + names.join(' vs ') : ''}`;
  }
}

export class GameScreen {
  /// `actions`: {move(entry, column), steer(entry, heading)}.
  constructor(root, actions) {
    this.root = root;
    this.entry = null;
    this.nodes = {
      title: root.querySelector('#game-title'), state: root.querySelector('#game-state'),
      invite: root.querySelector('#invite'), inviteCode: root.querySelector('#invite-code'),
      turn: root.querySelector('#turn'), clock: root.querySelector('#clock'),
      players: root.querySelector('#players'), outcome: root.querySelector('#outcome'),
      outcomeTitle: root.querySelector('#outcome-title'), outcomeReason: root.querySelector('#outcome-reason'),
      placements: root.querySelector('#placements'),
      c4: root.querySelector('#connect4-view'), cycles: root.querySelector('#cycles-view'),
      leave: root.querySelector('#leave-button'), pad: root.querySelector('#cycles-pad'),
    };
    this.c4 = new ConnectFourView(this.nodes.c4, (column) => this.entry && actions.move(this.entry, column));
    this.cycles = new CyclesView(this.nodes.cycles, (heading) => this.entry && actions.steer(this.entry, heading));
    setInterval(() => this.tickClocks(), 100);
  }

  show(entry) {
    this.entry = entry;
    this.cycles.active = entry !== null && entry.kind === 'cycles';
    if (entry) this.render();
  }

  /// Redraws everything about the shown game.
  render() {
    const entry = this.entry, n = this.nodes;
    if (!entry) return;
    this.root.dataset.game = entry.id;
    this.root.dataset.kind = entry.kind;
    this.root.dataset.role = entry.role;
    n.title.textContent = entry.title();
    n.state.dataset.state = entry.state;
    n.state.textContent = entry.role === 'spectator' ? `${entry.state}, watching` : entry.state;
    n.invite.hidden = entry.invite === null || entry.isOver;
    n.leave.hidden = entry.isOver; // a finished game has no seat to give up; "Lobby" closes it
    const mine = entry.kind === 'cycles' && entry.isPlayer ? entry.model?.cycles?.[entry.seat] : null;
    n.pad.hidden = !mine || !mine.riding || entry.isOver;
    n.inviteCode.textContent = entry.invite ?? '';
    n.c4.hidden = entry.kind !== 'connect4' || !entry.model;
    n.cycles.hidden = entry.kind !== 'cycles' || !entry.model;
    if (entry.kind === 'connect4' && entry.model) this.c4.render(entry.model, this.canDrop());
    if (entry.kind === 'cycles' && entry.model) this.cycles.renderAll(entry.model);
    this.renderPlayers();
    this.renderTurn();
    this.renderOutcome();
    this.tickClocks();
  }

  /// Redraws after one update; Cycles ticks are drawn incrementally.
  renderUpdate(changes) {
    const entry = this.entry;
    if (entry.kind === 'cycles' && isObject(changes)) {
      this.cycles.renderChanges(entry.model, changes);
      if (entry.isOver || changes.crashes.length > 0) this.render();
      return;
    }
    this.render();
  }

  canDrop() {
    const entry = this.entry;
    return entry.isPlayer && !entry.isOver && entry.state === 'playing' && entry.model?.turn === entry.seat;
  }

  renderPlayers() {
    const entry = this.entry;
    const items = [];
    for (let seat = 0; seat < entry.seats; seat += 1) {
      const player = entry.players.get(seat);
      const cycle = entry.kind === 'cycles' ? entry.model?.cycles?.[seat] : null;
      const swatch = el('span', { class: 'swatch', dataset: { seat }, style: entry.kind === 'cycles' ? `background:${SEAT_COLORS[seat % SEAT_COLORS.length]}` : null });
      items.push(el('li', {
        dataset: { seat, status: player?.status ?? 'empty', riding: cycle ? String(cycle.riding) : null, x: cycle?.x, y: cycle?.y, heading: cycle ? HEADINGS[cycle.heading] : null },
      }, swatch, ' ', player ? player.name : el('i', {}, 'free seat'),
      seat === entry.seat ? el('span', { class: 'tag' }, 'you') : null,
      player && player.status !== 'joined' && player.status !== 'back' ? el('span', { class: 'tag' }, player.status) : null,
      cycle ? cyclesSeatLabel(cycle, (s) => entry.nameOf(s)) : null));
    }
    this.nodes.players.replaceChildren(...items);
  }

  renderTurn() {
    const entry = this.entry, turn = this.nodes.turn;
    let text = '', mine = false;
    if (entry.isOver) {
      text = 'Game over';
    } else if (entry.state === 'waiting' || !entry.model) {
      const missing = entry.seats - entry.players.size;
      text = `Waiting for ${missing} more player${missing === 1 ? '' : 's'}…`;
    } else if (entry.kind === 'connect4' && entry.model.turn !== null) {
      mine = entry.model.turn === entry.seat;
      text = mine ? 'Your turn' : `${entry.nameOf(entry.model.turn)}'s turn`;
    } else if (entry.kind === 'cycles') {
      const mineCycle = entry.isPlayer ? entry.model.cycles[entry.seat] : null;
      text = mineCycle ? (mineCycle.riding ? 'Ride! Stay off the walls.' : 'You crashed; watch the rest.') : 'Watching';
    }
    turn.textContent = text;
    turn.dataset.mine = String(mine);
    turn.dataset.seat = entry.kind === 'connect4' && entry.model && entry.model.turn !== null ? entry.model.turn : '';
    document.title = mine ? 'Your turn · Roost' : 'Roost';
  }

  renderOutcome() {
    const entry = this.entry, n = this.nodes, outcome = entry.outcome;
    n.outcome.hidden = outcome === null;
    if (outcome === null) return;
    const result = isString(outcome.result) ? outcome.result : 'unknown';
    n.outcome.dataset.result = result;
    n.outcome.dataset.winner = isInt(outcome.winner) ? outcome.winner : '';
    if (result === 'win' && isInt(outcome.winner)) {
      n.outcomeTitle.textContent = outcome.winner === entry.seat ? 'You win!' : `${entry.nameOf(outcome.winner)} wins`;
    } else {
      n.outcomeTitle.textContent = { draw: 'Draw', aborted: 'Game aborted' }[result] || 'Game over';
    }
    n.outcomeReason.textContent = END_REASONS[outcome.reason] ? `(${END_REASONS[outcome.reason]})` : '';
    const groups = Array.isArray(outcome.placements) ? outcome.placements.filter(Array.isArray) : [];
    let place = 1;
    n.placements.replaceChildren(...groups.map((group) => {
      const item = el('li', { value: place, dataset: { seats: group.join(',') } }, group.map((s) => entry.nameOf(s)).join(', '));
      place += group.length;
      return item;
    }));
  }

  /// Clocks and countdowns between updates.
  tickClocks() {
    const entry = this.entry;
    if (!entry || !entry.model || this.root.hidden) return;
    const now = performance.now();
    if (entry.kind === 'connect4') {
      const left = entry.isOver ? null : entry.model.remainingMs(now);
      this.nodes.clock.hidden = left === null;
      if (left !== null) {
        this.nodes.clock.textContent = `Clock: ${formatDuration(left)}`;
        this.nodes.clock.classList.toggle('low', left < 5000);
      }
    } else {
      this.nodes.clock.hidden = true;
      if (entry.kind === 'cycles') this.cycles.renderCountdown(entry.model, now);
    }
  }
}
