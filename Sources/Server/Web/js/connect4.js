// Connect Four (Protocol/README.md §13): the board rebuilt from snapshots and `u` updates, and
// its view: seven column buttons of six cells, a turn line and the move clock.

import { el, isInt, isObject, isSeat } from './util.js';

export const COLUMNS = 7;
export const ROWS = 6;

export class ConnectFourModel {
  constructor() {
    this.cells = Array.from({ length: COLUMNS }, () => []); // cells[column][row] = seat, row 0 at the bottom
    this.moves = [];
    this.turn = null;          // seat to move, null when over or unknown
    this.deadline = null;      // performance.now() when the mover's clock runs out; null untimed
    this.clockMs = null;
    this.outcome = null;
    this.last = null;          // {column, row} of the latest disc
  }

  /// The model of a snapshot `{moves, turn, remaining, clock, outcome}`, or null when malformed.
  static fromSnapshot(snapshot, now) {
    if (!isObject(snapshot) || !Array.isArray(snapshot.moves)) return null;
    const model = new ConnectFourModel();
    for (let index = 0; index < snapshot.moves.length; index += 1) {
      if (!model.drop(index % 2, snapshot.moves[index])) return null;
    }
    model.turn = isSeat(snapshot.turn, 2) ? snapshot.turn : null;
    model.clockMs = isInt(snapshot.clock) ? snapshot.clock : null;
    model.deadline = isInt(snapshot.remaining) ? now + snapshot.remaining : null;
    model.outcome = isObject(snapshot.outcome) ? snapshot.outcome : null;
    return model;
  }

  /// Puts a disc of `seat` in `column`; false when the column is not playable.
  drop(seat, column) {
    if (!isInt(column) || column < 0 || column >= COLUMNS || this.cells[column].length >= ROWS) return false;
    this.cells[column].push(seat);
    this.moves.push(column);
    this.last = { column, row: this.cells[column].length - 1 };
    return true;
  }

  /// Applies one update; returns false when it does not fit the board (then the view should be
  /// rebuilt from a fresh snapshot).
  apply(u, now) {
    if (!isObject(u)) return true;
    switch (u.k) {
      case 'placed':
        if (!isSeat(u.seat, 2) || !isInt(u.column) || u.row !== this.cells[u.column]?.length) return false;
        this.drop(u.seat, u.column);
        this.turn = null;
        return true;
      case 'turn':
        if (!isSeat(u.seat, 2)) return true;
        this.turn = u.seat;
        this.deadline = isInt(u.remaining) ? now + u.remaining : null;
        return true;
      case 'timed_out': case 'forfeited':
        this.turn = null;
        this.deadline = null;
        return true;
      case 'ended':
        if (isObject(u.outcome)) this.outcome = u.outcome;
        this.turn = null;
        this.deadline = null;
        return true;
      default:
        return true; // an update kind this client does not know (§12)
    }
  }

  seatAt(column, row) { return this.cells[column][row] ?? null; }
  isFull(column) { return this.cells[column].length >= ROWS; }
  remainingMs(now) { return this.deadline === null ? null : Math.max(0, this.deadline - now); }
}

export class ConnectFourView {
  /// `onMove(column)` is called when the player picks a column.
  constructor(root, onMove) {
    this.root = root;
    this.board = root.querySelector('#c4-board');
    this.onMove = onMove;
    this.columns = [];
    for (let column = 0; column < COLUMNS; column += 1) {
      const cells = [];
      for (let row = ROWS - 1; row >= 0; row -= 1) cells.push(el('span', { class: 'cell', dataset: { row } }));
      const button = el('button', {
        type: 'button', class: 'column', dataset: { col: column }, 'aria-label': `Column ${column + 1}`,
        onclick: () => this.onMove(column),
      }, ...cells);
      this.columns.push({ button, cells: cells.reverse() }); // cells[row], row 0 at the bottom
    }
    this.board.replaceChildren(...this.columns.map((c) => c.button));
  }

  /// Draws the board; the columns are enabled only when `canMove`.
  render(model, canMove) {
    for (let column = 0; column < COLUMNS; column += 1) {
      const { button, cells } = this.columns[column];
      for (let row = 0; row < ROWS; row += 1) {
        const seat = model.seatAt(column, row);
        const cell = cells[row];
        if (seat === null) delete cell.dataset.seat; else cell.dataset.seat = seat;
        cell.classList.toggle('last', model.last !== null && model.last.column === column && model.last.row === row);
      }
      button.disabled = !canMove || model.isFull(column);
      button.setAttribute('aria-label', `Column ${column + 1}, ${model.cells[column].length} of ${ROWS} filled`);
    }
    this.board.dataset.moves = model.moves.length;
  }
}
