// Node `ws` WebSocket echo server: a peer for LoadTests/run-echo-bench.sh.
//
// Usage: node echo.js --port P [--host 127.0.0.1]
// Upgrades any path, echoes every message with its opcode (text stays text, binary stays
// binary), perMessageDeflate off, maxPayload 16 MiB. Prints "listening on ws://HOST:PORT"
// when ready and exits on SIGTERM/SIGINT.
'use strict';

let WebSocketServer;
try {
  ({ WebSocketServer } = require('ws'));
} catch (_) {
  // Debian's node-ws installs outside Node's default search path.
  ({ WebSocketServer } = require('/usr/share/nodejs/ws'));
}

const options = { host: '127.0.0.1', port: 9001 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const value = argv[i + 1];
  if (argv[i] === '--port') options.port = Number(value);
  else if (argv[i] === '--host') options.host = value;
  else {
    console.error(`usage: node echo.js --port P [--host H] (unknown option ${argv[i]})`);
    process.exit(2);
  }
}

const server = new WebSocketServer({
  host: options.host,
  port: options.port,
  perMessageDeflate: false,
  maxPayload: 16 * 1024 * 1024,
  clientTracking: false,
});

server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  socket.on('error', () => {});
});
server.on('listening', () => {
  console.log(`listening on ws://${options.host}:${server.address().port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
