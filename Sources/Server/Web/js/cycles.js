// Cycles (Protocol/README.md §13): the arena rebuilt from a snapshot and kept by `tick` updates,
// and its view: a canvas drawn incrementally (one cell per cycle per tick), steering keys.

import { el, isInt, isObject, isSeat, isString } from './util.js';

/// Headings by their wire number (CyclesDirection): 0 north, 1 east, 2 south, 3 west.
export const HEADINGS = ['north', 'east', 'south', 'west'];
export const TICK_MS = 50;

/// Seat colours, distinct on the dark arena.
export const SEAT_COLORS = ['#ff6b35', '#3fa7ff', '#7bd43a', '#e84dd2', '#ffd23f', '#2ee6c5', '#b58cff', '#ff4f6d'];

const KEY_HEADINGS = {
  ArrowUp: 'north', ArrowRight: 'east', ArrowDown: 'south', ArrowLeft: 'west',
  w: 'north', d: 'east', s: 'south', a: 'west', W: 'north', D: 'east', S: 'south', A: 'west',
};

const CRASH_WORDS = { border: 'hit the wall', trail: 'hit a trail', head_on: 'crashed head-on', forfeit: 'left the game' };

/// Words for a crash `{cause, by}`; `nameOf(seat)` names the owner of the trail.
export function describeCrash(crash, nameOf, seat) {
  if (crash.cause === 'trail' && isInt(crash.by)) {
    return crash.by === seat ? 'hit its own trail' : `hit ${nameOf(crash.by)}'s trail`;
  }
  return CRASH_WORDS[crash.cause] || 'crashed';
}

export class CyclesModel {
  /// The model of a snapshot `{w, h, n, start, limit, cycles, outcome}` received at `now`
  /// (performance.now()), or null when it is malformed.
  static fromSnapshot(snapshot, now) {
    if (!isObject(snapshot) || !isInt(snapshot.w) || !isInt(snapshot.h) || !isInt(snapshot.n)
        || !isInt(snapshot.start) || !Array.isArray(snapshot.cycles)) return null;
    const { w, h } = snapshot;
    if (w < 1 || h < 1 || w > 1024 || h > 1024) return null;
    const model = new CyclesModel();
    model.width = w;
    model.height = h;
    model.grid = new Uint8Array(w * h); // owner seat + 1, 0 empty
    model.tick = snapshot.n;
    model.startTick = snapshot.start;
    model.limitTicks = isInt(snapshot.limit) ? snapshot.limit : null;
    model.outcome = isObject(snapshot.outcome) ? snapshot.outcome : null;
    model.cycles = [];
    for (const value of snapshot.cycles) {
      if (!isObject(value) || !isSeat(value.seat, 255) || !Array.isArray(value.trail) || value.trail.length < 2) return null;
      const cycle = { seat: value.seat, riding: value.riding === true, heading: HEADINGS[value.d] ? value.d : 0, x: 0, y: 0, crash: null };
      if (!model.walkTrail(cycle, value.trail)) return null;
      model.cycles[value.seat] = cycle;
    }
    // Countdown ticks send nothing (§13), so the client counts down by itself from here.
    model.countdownEnd = now + Math.max(0, model.startTick - model.tick) * TICK_MS;
    return model;
  }

  walkTrail(cycle, points) {
    for (let i = 0; i + 1 < points.length; i += 2) {
      const x = points[i], y = points[i + 1];
      if (!this.inside(x, y)) return false;
      if (i === 0) {
        cycle.x = x; cycle.y = y;
        this.mark(cycle.seat, x, y);
      } else if (!this.line(cycle, x, y)) {
        return false;
      }
    }
    return true;
  }

  inside(x, y) { return isInt(x) && isInt(y) && x >= 0 && y >= 0 && x < this.width && y < this.height; }
  mark(seat, x, y) { this.grid[y * this.width + x] = seat + 1; }
  owner(x, y) { const v = this.grid[y * this.width + x]; return v === 0 ? null : v - 1; }

  /// Extends `cycle`'s trail in a straight line to `x`, `y` (normally one cell); false if it is not straight.
  line(cycle, x, y) {
    if (x !== cycle.x && y !== cycle.y) return false;
    while (cycle.x !== x || cycle.y !== y) {
      cycle.x += Math.sign(x - cycle.x);
      cycle.y += Math.sign(y - cycle.y);
      this.mark(cycle.seat, cycle.x, cycle.y);
    }
    return true;
  }

  get movementStarted() { return this.tick > this.startTick; }

  /// Movement ticks left before the time limit, or null without a limit.
  get ticksLeft() {
    return this.limitTicks === null ? null : Math.max(0, this.limitTicks - Math.max(0, this.tick - this.startTick));
  }

  /// Applies one update. Returns what changed for drawing: {moves: [{seat, fromX, fromY}],
  /// crashes: [seat]}, or null when the update does not fit (the caller then asks for a snapshot).
  apply(u) {
    if (!isObject(u)) return { moves: [], crashes: [] };
    switch (u.k) {
      case 'tick': return this.applyTick(u);
      case 'out': return this.applyCrashes([u.crash]);
      case 'ended':
        if (isObject(u.outcome)) this.outcome = u.outcome;
        return { moves: [], crashes: [] };
      default:
        return { moves: [], crashes: [] }; // an update kind this client does not know (§12)
    }
  }

  applyTick(u) {
    if (!isInt(u.n) || !Array.isArray(u.h) || u.h.length % 4 !== 0) return null;
    this.tick = u.n;
    const moves = [];
    for (let i = 0; i < u.h.length; i += 4) {
      const [seat, x, y, d] = u.h.slice(i, i + 4);
      const cycle = this.cycles[seat];
      if (!isInt(seat) || cycle === undefined || !this.inside(x, y) || !HEADINGS[d]) return null;
      const fromX = cycle.x, fromY = cycle.y;
      if (!this.line(cycle, x, y)) return null;
      cycle.heading = d;
      moves.push({ seat, fromX, fromY });
    }
    const crashed = Array.isArray(u.x) ? this.applyCrashes(u.x) : { moves, crashes: [] };
    return crashed === null ? null : { moves, crashes: crashed.crashes };
  }

  applyCrashes(list) {
    const crashes = [];
    for (const crash of list) {
      if (!isObject(crash) || !isInt(crash.seat) || this.cycles[crash.seat] === undefined) return null;
      const cycle = this.cycles[crash.seat];
      cycle.riding = false;
      cycle.crash = { cause: isString(crash.cause) ? crash.cause : 'unknown', by: isInt(crash.by) ? crash.by : null };
      crashes.push(crash.seat);
    }
    return { moves: [], crashes };
  }
}

export class CyclesView {
  /// `onTurn(heading)` is called with 'north', 'east', 'south' or 'west' when the player steers.
  constructor(root, onTurn) {
    this.root = root;
    this.canvas = root.querySelector('#cycles-canvas');
    this.context = this.canvas.getContext('2d');
    this.countdown = root.querySelector('#countdown');
    this.roundClock = root.querySelector('#round-clock');
    this.onTurn = onTurn;
    this.active = false;
    this.cell = 10;
    document.addEventListener('keydown', (event) => this.keydown(event));
    for (const button of root.querySelectorAll('#cycles-pad button[data-dir]')) {
      button.addEventListener('click', () => this.onTurn(button.dataset.dir));
    }
  }

  keydown(event) {
    if (!this.active || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    const heading = KEY_HEADINGS[event.key];
    if (!heading) return;
    event.preventDefault(); // no page scrolling on arrow keys
    if (!event.repeat) this.onTurn(heading);
  }

  /// Draws the whole arena.
  renderAll(model) {
    const side = Math.max(model.width, model.height);
    this.cell = Math.max(2, Math.floor(640 / side));
    const width = model.width * this.cell, height = model.height * this.cell;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const c = this.context;
    c.fillStyle = '#10131a';
    c.fillRect(0, 0, width, height);
    this.drawGridLines(model);
    for (let y = 0; y < model.height; y += 1) {
      for (let x = 0; x < model.width; x += 1) {
        const owner = model.owner(x, y);
        if (owner !== null) this.fillCell(x, y, trailColor(owner));
      }
    }
    for (const cycle of model.cycles) if (cycle) this.drawHead(cycle);
    this.root.dataset.w = model.width;
    this.root.dataset.h = model.height;
    this.renderClock(model);
  }

  /// Draws what one update changed: each mover's old head becomes trail, its new head is drawn.
  renderChanges(model, changes) {
    for (const move of changes.moves) {
      const cycle = model.cycles[move.seat];
      let x = move.fromX, y = move.fromY;
      this.fillCell(x, y, trailColor(move.seat));
      while (x !== cycle.x || y !== cycle.y) {
        x += Math.sign(cycle.x - x);
        y += Math.sign(cycle.y - y);
        this.fillCell(x, y, trailColor(move.seat));
      }
      this.drawHead(cycle);
    }
    for (const seat of changes.crashes) this.drawHead(model.cycles[seat]);
    this.renderClock(model);
  }

  renderClock(model) {
    this.root.dataset.tick = model.tick;
    const left = model.outcome === null ? model.ticksLeft : null;
    this.roundClock.textContent = left === null ? '' : `Time left ${Math.ceil((left * TICK_MS) / 1000)} s`;
  }

  /// Shows the countdown until the first movement tick; call it every frame.
  renderCountdown(model, now) {
    const waiting = !model.movementStarted && model.outcome === null;
    const left = model.countdownEnd - now;
    this.countdown.hidden = !waiting;
    this.root.dataset.countdown = waiting ? 'running' : 'over';
    if (waiting) this.countdown.textContent = left > 0 ? String(Math.ceil(left / 1000)) : 'Go!';
  }

  drawGridLines(model) {
    if (this.cell < 6) return;
    const c = this.context;
    c.strokeStyle = 'rgba(255,255,255,0.04)';
    c.lineWidth = 1;
    c.beginPath();
    for (let x = 8; x < model.width; x += 8) { c.moveTo(x * this.cell + 0.5, 0); c.lineTo(x * this.cell + 0.5, model.height * this.cell); }
    for (let y = 8; y < model.height; y += 8) { c.moveTo(0, y * this.cell + 0.5); c.lineTo(model.width * this.cell, y * this.cell + 0.5); }
    c.stroke();
  }

  fillCell(x, y, color) {
    this.context.fillStyle = color;
    this.context.fillRect(x * this.cell, y * this.cell, this.cell, this.cell);
  }

  drawHead(cycle) {
    const c = this.context, size = this.cell, px = cycle.x * size, py = cycle.y * size;
    c.fillStyle = SEAT_COLORS[cycle.seat % SEAT_COLORS.length];
    c.fillRect(px, py, size, size);
    if (cycle.riding) {
      const inset = Math.max(1, Math.floor(size / 4));
      c.fillStyle = '#ffffff';
      c.fillRect(px + inset, py + inset, size - 2 * inset, size - 2 * inset);
      return;
    }
    // A crash mark: a cross over the cell where the cycle stopped.
    const pad = -Math.floor(size / 2);
    c.strokeStyle = '#ff2d2d';
    c.lineWidth = Math.max(2, size / 4);
    c.beginPath();
    c.moveTo(px + pad, py + pad); c.lineTo(px + size - pad, py + size - pad);
    c.moveTo(px + size - pad, py + pad); c.lineTo(px + pad, py + size - pad);
    c.stroke();
  }
}

function trailColor(seat) {
  return SEAT_COLORS[seat % SEAT_COLORS.length] + 'b0'; // the seat's colour, a little see-through
}

/// A heading number's name, for labels.
export const headingName = (d) => HEADINGS[d] ?? '?';

/// The element showing one seat in the player list.
export function cyclesSeatLabel(cycle, nameOf) {
  const status = cycle.riding ? `riding ${headingName(cycle.heading)}` : describeCrash(cycle.crash || {}, nameOf, cycle.seat);
  return el('span', { class: 'cycle-status' }, status);
}
