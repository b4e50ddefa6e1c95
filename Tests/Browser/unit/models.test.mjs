// Unit tests of the web client's pure parts (no DOM, no socket): `node --test Tests/Browser/unit/`.
// The models are fed the spec's examples (Protocol/README.md) and hostile input.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { LobbyModel } from '../../../Sources/Server/Web/js/lobby.js';
import { ConnectFourModel } from '../../../Sources/Server/Web/js/connect4.js';
import { CyclesModel } from '../../../Sources/Server/Web/js/cycles.js';
import { closeAdvice, parseServerMessage, reconnectDelayMs } from '../../../Sources/Server/Web/js/session.js';

const listing = (id, state = 'waiting', taken = 1) => ({ id, kind: 'connect4', seats: 2, taken, state, players: ['Ada'] });

test('lobbyAppliesEventsAboveTheSnapshotRevOnly', () => {
  const lobby = new LobbyModel();
  assert.equal(lobby.applyEvent({ rev: 5, event: 'created', id: 'g1', game: listing('g1') }), 'ignored', 'no snapshot yet');
  assert.ok(lobby.applySnapshot({ rev: 118, games: [listing('g1')] }));
  assert.equal(lobby.applyEvent({ rev: 118, event: 'removed', id: 'g1' }), 'stale');
  assert.equal(lobby.games.size, 1);
  assert.equal(lobby.applyEvent({ rev: 119, event: 'seat', id: 'g1', game: listing('g1', 'waiting', 2) }), 'applied');
  assert.equal(lobby.games.get('g1').taken, 2);
  assert.equal(lobby.applyEvent({ rev: 120, event: 'removed', id: 'g1' }), 'applied');
  assert.equal(lobby.games.size, 0);
});

test('lobbyReportsAGapWhenRevSkipsOrAnEventNamesAnUnknownGame', () => {
  const lobby = new LobbyModel();
  lobby.applySnapshot({ rev: 1, games: [] });
  assert.equal(lobby.applyEvent({ rev: 3, event: 'created', id: 'g2', game: listing('g2') }), 'gap');
  assert.ok(lobby.games.has('g2'), 'a gap event is still applied');
  assert.equal(lobby.applyEvent({ rev: 4, event: 'started', id: 'g9', game: listing('g9', 'playing', 2) }), 'gap');
});

test('lobbySkipsMalformedListingsAndUnknownEvents', () => {
  const lobby = new LobbyModel();
  assert.equal(lobby.applySnapshot({ rev: 'x', games: [] }), false);
  lobby.applySnapshot({ rev: 1, games: [listing('g1'), { id: 3 }, null, 'junk'] });
  assert.deepEqual([...lobby.games.keys()], ['g1']);
  assert.equal(lobby.applyEvent({ rev: 2, event: 'teleported', id: 'g1' }), 'ignored');
  assert.equal(lobby.applyEvent({ rev: 3, event: 'seat', id: 'g1', game: { id: 'other' } }), 'ignored');
  assert.equal(lobby.games.get('g1').taken, 1);
});

test('lobbyListsWaitingGamesFirst', () => {
  const lobby = new LobbyModel();
  lobby.applySnapshot({ rev: 1, games: [listing('a', 'playing', 2), listing('b'), { ...listing('c'), kind: 'cycles' }] });
  assert.deepEqual(lobby.list().map((g) => g.id), ['b', 'c', 'a']);
  assert.deepEqual(lobby.list('cycles').map((g) => g.id), ['c']);
});

test('connectFourRebuildsTheSpecSnapshotAndAppliesUpdates', () => {
  const model = ConnectFourModel.fromSnapshot({ moves: [3, 3, 4], turn: 1, remaining: 21500, clock: 30000, outcome: null }, 1000);
  assert.equal(model.seatAt(3, 0), 0);
  assert.equal(model.seatAt(3, 1), 1);
  assert.equal(model.seatAt(4, 0), 0);
  assert.equal(model.turn, 1);
  assert.equal(model.remainingMs(2000), 20500);
  assert.ok(model.apply({ k: 'placed', seat: 1, column: 4, row: 1 }, 2000));
  assert.ok(model.apply({ k: 'turn', seat: 0, remaining: null }, 2000));
  assert.equal(model.remainingMs(5000), null, 'untimed');
  assert.ok(model.apply({ k: 'somethingNew', x: 1 }, 2000), 'unknown update kinds are skipped');
  assert.ok(model.apply({ k: 'ended', outcome: { result: 'draw', reason: 'board_full', placements: [[0, 1]] } }, 2000));
  assert.equal(model.outcome.result, 'draw');
  assert.equal(model.turn, null);
});

test('connectFourRefusesUpdatesThatDoNotFitTheBoard', () => {
  const model = ConnectFourModel.fromSnapshot({ moves: [], turn: 0, remaining: null, clock: null, outcome: null }, 0);
  assert.equal(model.apply({ k: 'placed', seat: 0, column: 3, row: 2 }, 0), false, 'row must be the column height');
  assert.equal(model.apply({ k: 'placed', seat: 0, column: '3', row: 0 }, 0), false);
  assert.equal(model.apply({ k: 'placed', seat: 0, column: 9, row: 0 }, 0), false);
  assert.equal(ConnectFourModel.fromSnapshot({ moves: [0, 0, 0, 0, 0, 0, 0] }, 0), null, 'a seventh disc in a column');
  assert.equal(ConnectFourModel.fromSnapshot({ moves: 'x' }, 0), null);
});

// The spec's example game (§13): 2 seats on 32x32, Ada turns east at (22, 7), Bob hits the border.
const cyclesStart = { w: 32, h: 32, n: 0, start: 20, limit: 1200, cycles: [
  { seat: 0, riding: true, d: 0, trail: [22, 8] }, { seat: 1, riding: true, d: 2, trail: [9, 23] }], outcome: null };

test('cyclesCountsDownFromTheSnapshot', () => {
  const model = CyclesModel.fromSnapshot(cyclesStart, 500);
  assert.equal(model.countdownEnd, 500 + 20 * 50);
  assert.equal(model.movementStarted, false);
  assert.equal(model.owner(22, 8), 0);
  assert.equal(model.owner(9, 23), 1);
});

test('cyclesAppliesTicksCellByCellAndRecordsCrashes', () => {
  const model = CyclesModel.fromSnapshot(cyclesStart, 0);
  let changes = model.apply({ k: 'tick', n: 21, h: [0, 22, 7, 0, 1, 9, 24, 2] });
  assert.deepEqual(changes.moves, [{ seat: 0, fromX: 22, fromY: 8 }, { seat: 1, fromX: 9, fromY: 23 }]);
  assert.ok(model.movementStarted);
  model.apply({ k: 'tick', n: 22, h: [0, 23, 7, 1, 1, 9, 25, 2] });
  assert.equal(model.cycles[0].heading, 1);
  assert.equal(model.owner(23, 7), 0);
  for (let n = 23; n <= 28; n += 1) model.apply({ k: 'tick', n, h: [0, n + 1, 7, 1, 1, 9, n + 3, 2] });
  changes = model.apply({ k: 'tick', n: 29, h: [0, 30, 7, 1], x: [{ seat: 1, cause: 'border' }] });
  assert.deepEqual(changes.crashes, [1]);
  assert.equal(model.cycles[1].riding, false);
  assert.deepEqual([model.cycles[1].x, model.cycles[1].y], [9, 31]);
  assert.equal(model.ticksLeft, 1200 - 9);
});

test('cyclesRebuildsTrailsFromPolylines', () => {
  const model = CyclesModel.fromSnapshot({ ...cyclesStart, n: 23, cycles: [
    { seat: 0, riding: true, d: 1, trail: [22, 8, 22, 7, 24, 7] }, { seat: 1, riding: true, d: 2, trail: [9, 23, 9, 26] }] }, 0);
  for (const [x, y] of [[22, 8], [22, 7], [23, 7], [24, 7]]) assert.equal(model.owner(x, y), 0);
  for (let y = 23; y <= 26; y += 1) assert.equal(model.owner(9, y), 1);
  assert.deepEqual([model.cycles[0].x, model.cycles[0].y], [24, 7]);
});

test('cyclesRefusesMalformedSnapshotsAndTicks', () => {
  assert.equal(CyclesModel.fromSnapshot({ ...cyclesStart, cycles: [{ seat: 0, riding: true, d: 0, trail: [40, 8] }] }, 0), null);
  assert.equal(CyclesModel.fromSnapshot({ ...cyclesStart, cycles: [{ seat: 0, riding: true, d: 0, trail: [1, 1, 2, 2] }] }, 0), null, 'diagonal');
  assert.equal(CyclesModel.fromSnapshot({ ...cyclesStart, w: 'big' }, 0), null);
  const model = CyclesModel.fromSnapshot(cyclesStart, 0);
  assert.equal(model.apply({ k: 'tick', n: 21, h: [0, 22, 7] }), null, 'heads come in fours');
  assert.equal(model.apply({ k: 'tick', n: 21, h: [5, 1, 1, 0] }), null, 'unknown seat');
  assert.deepEqual(model.apply({ k: 'boost', seat: 0 }), { moves: [], crashes: [] }, 'unknown kinds are skipped');
});

test('serverMessagesThatAreNotObjectsWithATypeAreSkipped', () => {
  for (const text of ['', 'nope', '[]', '3', 'null', '{"t":3}', '{"seq":1}', '{"t":"ok"']) {
    assert.equal(parseServerMessage(text), null, text);
  }
  assert.deepEqual(parseServerMessage('{"t":"ok","seq":2,"cid":4}'), { t: 'ok', seq: 2, cid: 4 });
});

test('closeCodesMapToTheSpecsAdvice', () => {
  assert.equal(closeAdvice(4000), 'never');
  assert.equal(closeAdvice(4001), 'never');
  assert.equal(closeAdvice(4029), 'never');
  assert.equal(closeAdvice(1000), 'never');
  assert.equal(closeAdvice(4002), 'login');
  assert.equal(closeAdvice(4003), 'replaced');
  assert.equal(closeAdvice(1006), 'soon');
  assert.equal(closeAdvice(1012), 'soon');
  assert.equal(closeAdvice(1013), 'backoff');
  assert.equal(closeAdvice(1011), 'backoff');
});

test('reconnectDelaysDoubleToThirtySecondsWithJitter', () => {
  assert.equal(reconnectDelayMs(0, 'soon', () => 0.5), 500);
  assert.equal(reconnectDelayMs(0, 'backoff', () => 0.5), 1000);
  assert.equal(reconnectDelayMs(1, 'soon', () => 0.5), 2000);
  assert.equal(reconnectDelayMs(3, 'backoff', () => 0), 4000);
  assert.equal(reconnectDelayMs(12, 'backoff', () => 0.5), 30000);
  assert.equal(reconnectDelayMs(12, 'backoff', () => 0.999), 44970);
});
