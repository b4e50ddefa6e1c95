// The lobby: a model that applies lobby.snapshot and lobby.event by revision (§5), and the view
// of the game list.
//
// Gaps. Events carry an increasing `rev`; the client holds the `rev` of what it has applied. An
// event at or below it is already in the list and is dropped. The client asks for a fresh snapshot
// (by subscribing again) when it sees that it missed something: an event about a game it does not
// list (other than `created` and `removed`), or, as it follows the whole lobby unfiltered, a `rev`
// that skips numbers. The event is still applied (it is newer than what the list shows); the
// snapshot then replaces the list. `App` throttles the re-subscriptions.

import { el, isInt, isObject, isString, kindName } from './util.js';

const STATE_ORDER = { waiting: 0, playing: 1, finished: 2 };

/// A lobby listing (§5 "lobby game"), or null when malformed.
export function lobbyGame(value) {
  if (!isObject(value) || !isString(value.id) || !isString(value.kind) || !isInt(value.seats)
      || !isInt(value.taken) || !isString(value.state)) return null;
  return {
    id: value.id, kind: value.kind, seats: value.seats, taken: value.taken, state: value.state,
    private: value.private === true,
    players: Array.isArray(value.players) ? value.players.filter(isString) : [],
  };
}

export class LobbyModel {
  constructor() {
    this.rev = null;          // the revision of the list; null before the first snapshot
    this.games = new Map();   // id -> listing
  }

  /// Replaces the list; false when the message is malformed.
  applySnapshot(msg) {
    if (!isInt(msg.rev) || !Array.isArray(msg.games)) return false;
    this.rev = msg.rev;
    this.games = new Map();
    for (const value of msg.games) {
      const game = lobbyGame(value);
      if (game) this.games.set(game.id, game);
    }
    return true;
  }

  /// Applies one event: 'applied', 'gap' (applied, but something was missed before it),
  /// 'stale' (already in the list) or 'ignored' (malformed, or before any snapshot).
  applyEvent(msg) {
    if (!isInt(msg.rev) || !isString(msg.id) || !isString(msg.event) || this.rev === null) return 'ignored';
    if (msg.rev <= this.rev) return 'stale';
    const listed = ['created', 'seat', 'started', 'finished'].includes(msg.event);
    const game = listed ? lobbyGame(msg.game) : null;
    if (listed && (game === null || game.id !== msg.id)) return 'ignored'; // malformed: keep the rev
    const gap = msg.rev !== this.rev + 1 || (listed && msg.event !== 'created' && !this.games.has(msg.id));
    this.rev = msg.rev;
    if (listed) this.games.set(game.id, game);
    else if (msg.event === 'removed') this.games.delete(msg.id);
    else return 'ignored'; // a newer kind of event (§12): nothing to do with it here
    return gap ? 'gap' : 'applied';
  }

  /// The listings of `kind` (all when empty), waiting first, then playing, then finished.
  list(kind = '') {
    const games = [...this.games.values()].filter((g) => !kind || g.kind === kind);
    return games.sort((a, b) => (STATE_ORDER[a.state] ?? 3) - (STATE_ORDER[b.state] ?? 3));
  }
}

export class LobbyView {
  /// `actions`: {join(id), watch(id), askInvite(id), open(id)}; `isMine(id)` tells the games
  /// this session is in.
  constructor(root, actions, isMine) {
    this.body = root.querySelector('#lobby-games-body');
    this.empty = root.querySelector('#lobby-empty');
    this.kindSelect = root.querySelector('#lobby-kind');
    this.actions = actions;
    this.isMine = isMine;
    this.model = null;
    this.kindSelect.addEventListener('change', () => this.render());
  }

  render(model = this.model) {
    this.model = model;
    if (!model) return;
    const games = model.list(this.kindSelect.value);
    this.body.replaceChildren(...games.map((game) => this.row(game)));
    this.empty.hidden = games.length > 0;
    this.empty.textContent = model.games.size === 0 ? 'No games yet: create one.' : 'No games of this kind.';
  }

  row(game) {
    const mine = this.isMine(game.id);
    const open = game.state === 'waiting' && game.taken < game.seats;
    const buttons = [];
    if (mine) {
      buttons.push(el('button', { type: 'button', dataset: { action: 'open' }, onclick: () => this.actions.open(game.id) }, 'Open'));
    } else if (open && game.private) {
      buttons.push(el('button', { type: 'button', dataset: { action: 'invite' }, onclick: () => this.actions.askInvite(game.id) }, 'Join with invite…'));
    } else if (open) {
      buttons.push(el('button', { type: 'button', dataset: { action: 'join' }, 'aria-label': `Join ${kindName(game.kind)} of ${game.players.join(', ') || 'nobody'}`, onclick: () => this.actions.join(game.id) }, 'Join'));
    }
    if (!mine) {
      buttons.push(el('button', { type: 'button', dataset: { action: 'watch' }, onclick: () => this.actions.watch(game.id) }, 'Watch'));
    }
    return el('tr', { dataset: { gameId: game.id, kind: game.kind, state: game.state, private: String(game.private), mine: String(mine) } },
      el('td', {}, kindName(game.kind), game.private ? el('span', { class: 'tag' }, 'private') : null),
      el('td', { class: 'players' }, game.players.join(', ') || '—'),
      el('td', {}, `${game.taken}/${game.seats}`),
      el('td', { class: `state state-${game.state}` }, game.state),
      el('td', { class: 'actions' }, ...buttons));
  }
}
