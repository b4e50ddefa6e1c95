// Small helpers shared by the modules: type guards for server JSON and DOM building.
// Server strings (names, chat) only ever reach the page through textContent, never as HTML.

export const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isInt = (value) => Number.isSafeInteger(value);
export const isString = (value) => typeof value === 'string';
export const isSeat = (value, seats) => isInt(value) && value >= 0 && value < seats;

/// A player object `{id, name}` (§5), or null.
export function playerInfo(value) {
  return isObject(value) && isString(value.id) && isString(value.name) ? { id: value.id, name: value.name } : null;
}

/// A seated player `{seat, id, name}`, or null.
export function seatedPlayer(value) {
  const player = playerInfo(value);
  return player && isInt(value.seat) && value.seat >= 0 ? { seat: value.seat, ...player } : null;
}

/// The valid seated players of a `players` array, by seat.
export function seatedPlayers(value) {
  if (!Array.isArray(value)) return [];
  return value.map(seatedPlayer).filter((p) => p !== null).sort((a, b) => a.seat - b.seat);
}

/// Creates an element: `el('button', {type: 'button', dataset: {col: 3}}, 'Drop')`.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') {
      for (const [name, data] of Object.entries(value)) if (data !== undefined && data !== null) node.dataset[name] = data;
    }
    else if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/// Display names of the game kinds; unknown kinds show their wire name.
export const KIND_NAMES = { connect4: 'Connect Four', cycles: 'Cycles' };
export const kindName = (kind) => KIND_NAMES[kind] || kind;

/// `m:ss` or `s.s` for a duration in milliseconds.
export function formatDuration(ms) {
  const clamped = Math.max(0, ms);
  if (clamped < 10000) return `${(Math.floor(clamped / 100) / 10).toFixed(1)} s`;
  const seconds = Math.ceil(clamped / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/// Reasons a game ended (GameEndReason codes), in words.
export const END_REASONS = {
  four_in_a_row: 'four in a row',
  board_full: 'the board is full',
  out_of_time: 'out of time',
  forfeit: 'by forfeit',
  last_standing: 'last cycle riding',
  all_crashed: 'everyone crashed',
  time_limit: 'time limit reached',
  aborted: 'the game was aborted',
};
