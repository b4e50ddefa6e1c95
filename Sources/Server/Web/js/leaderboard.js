// The leaderboard panel in the lobby: one game kind's board (all time or the last rated period),
// this player's neighbourhood, and when the cluster rates games next (UTC, from the server).

import { $, el, isInt, isObject, isString } from './util.js';

/// A row `{rank, id, name, rating, rd, games}` from the server, or null.
function row(value) {
  if (!isObject(value) || !isInt(value.rank) || !isString(value.id) || !isString(value.name)) return null;
  if (typeof value.rating !== 'number' || typeof value.rd !== 'number' || !isInt(value.games)) return null;
  return value;
}

/// `2026-11-28 03:00 UTC` from Unix seconds.
export function utcText(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export class LeaderboardPanel {
  /// `ask(query)` sends a `leaderboard.get`; `me()` is the player id, if logged in.
  constructor(root, ask, me) {
    this.root = root;
    this.ask = ask;
    this.me = me;
    $('#board-kind').addEventListener('change', () => this.refresh());
    $('#board-scope').addEventListener('change', () => this.refresh());
    $('#board-refresh').addEventListener('click', () => this.refresh());
  }

  refresh() {
    const query = { t: 'leaderboard.get', kind: $('#board-kind').value, board: $('#board-scope').value, top: 10 };
    const me = this.me();
    if (me) { query.around = me; query.radius = 2; }
    this.pending = { kind: query.kind, board: query.board };
    this.ask(query);
  }

  /// A `leaderboard` reply; one for another query than the one on show is ignored.
  show(msg) {
    if (!this.pending || msg.kind !== this.pending.kind || msg.board !== this.pending.board) return;
    const top = Array.isArray(msg.top) ? msg.top.map(row).filter((r) => r) : [];
    const around = Array.isArray(msg.around) ? msg.around.map(row).filter((r) => r) : [];
    const shown = new Set(top.map((r) => r.id));
    const body = $('#board-body');
    body.replaceChildren(...top.map((r) => this.line(r)));
    const rest = around.filter((r) => !shown.has(r.id));
    if (rest.length > 0) {
      body.append(el('tr', { class: 'gap' }, el('td', { colspan: 5 }, '…')), ...rest.map((r) => this.line(r)));
    }
    $('#board-empty').hidden = top.length > 0;
    const rated = isInt(msg.period) ? `Rated up to ${utcText(msg.period)}` : 'Not rated yet';
    const next = isObject(msg.schedule) && isInt(msg.schedule.next) ? `; next rating ${utcText(msg.schedule.next)}` : '';
    const players = isInt(msg.players) ? `${msg.players} players. ` : '';
    $('#board-info').textContent = `${players}${rated}${next}.`;
  }

  line(r) {
    return el('tr', { class: r.id === this.me() ? 'mine' : null, dataset: { player: r.id } },
      el('td', {}, String(r.rank)), el('td', {}, r.name), el('td', {}, Math.round(r.rating)),
      el('td', {}, `±${Math.round(r.rd)}`), el('td', {}, String(r.games)));
  }
}
