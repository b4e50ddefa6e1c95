#!/usr/bin/env node
// Stand-in for the `roost` binary, built on Node's `ws` (Debian package node-ws).
// It accepts the same command lines as roost's `echo` and `autobahn-client`
// subcommands so the conformance harness can be validated before roost exists:
//
//   ROOST_BIN=Tests/Conformance/peers/roost-ws.js Tests/Conformance/run-autobahn.sh all
//   ROOST_BIN=Tests/Conformance/peers/roost-ws.js Tests/Conformance/interop.sh
//
// It is a harness check only: nothing in CI compares roost with it.
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');

function resolveWs() {
  try {
    return require.resolve('ws');
  } catch (e) {
    // Debian installs node-ws under /usr/share/nodejs, which a non-Debian node
    // (e.g. the nodesource build on our machines) does not search by default.
    return require.resolve('/usr/share/nodejs/ws');
  }
}
const wsPath = resolveWs();
const WebSocket = require(wsPath);
const wsVersion = require(path.join(path.dirname(wsPath), 'package.json')).version;

/// Largest message either role accepts, matching roost's limit (16 MiB).
const maxMessageBytes = 16 * 1024 * 1024;

function usage(msg) {
  if (msg) console.error(`roost-ws: ${msg}`);
  console.error('usage: roost-ws.js echo --port P [--host H] [--threads N] [--deflate] [--tls-cert F --tls-key F]');
  console.error('       roost-ws.js autobahn-client --url ws://HOST:PORT --agent NAME [--deflate]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { flags: new Set(), values: {} };
  const valued = new Set(['--port', '--host', '--threads', '--tls-cert', '--tls-key', '--url', '--agent']);
  const flags = new Set(['--deflate']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (valued.has(a)) {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      opts.values[a.slice(2)] = argv[++i];
    } else if (flags.has(a)) {
      opts.flags.add(a.slice(2));
    } else {
      usage(`unknown argument ${a}`);
    }
  }
  return opts;
}

function deflateOptions(enabled) {
  // ws' defaults for permessage-deflate; threshold 0 so every message is compressed
  // (Autobahn's 12.x/13.x cases count compressed frames).
  return enabled ? { threshold: 0, concurrencyLimit: 4 } : false;
}

function runEcho(opts) {
  const port = Number(opts.values.port);
  const host = opts.values.host || '127.0.0.1';
  if (!Number.isInteger(port)) usage('--port is required');
  const cert = opts.values['tls-cert'];
  const key = opts.values['tls-key'];
  if (!!cert !== !!key) usage('--tls-cert and --tls-key go together');

  const server = cert
    ? https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) })
    : http.createServer();
  server.on('request', (req, res) => { res.writeHead(426); res.end(); });
  const wss = new WebSocket.Server({
    server,
    maxPayload: maxMessageBytes,
    perMessageDeflate: deflateOptions(opts.flags.has('deflate')),
  });
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('error', () => {}); // protocol errors close the socket with the right code
  });
  server.listen(port, host, () => {
    const scheme = cert ? 'wss' : 'ws';
    console.log(`roost-ws (node ws ${wsVersion}) listening on ${scheme}://${host}:${server.address().port}`);
  });
  const stop = () => { wss.close(); server.close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function connect(url, deflate) {
  return new WebSocket(url, { maxPayload: maxMessageBytes, perMessageDeflate: deflateOptions(deflate) });
}

function getCaseCount(base) {
  return new Promise((resolve, reject) => {
    const ws = connect(`${base}/getCaseCount`, false);
    let count = null;
    ws.on('message', (data) => { count = Number(data.toString()); });
    ws.on('close', () => (Number.isInteger(count) ? resolve(count) : reject(new Error('no case count'))));
    ws.on('error', reject);
  });
}

function runCase(base, n, agent, deflate) {
  return new Promise((resolve) => {
    const ws = connect(`${base}/runCase?case=${n}&agent=${encodeURIComponent(agent)}`, deflate);
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('close', () => resolve());
    ws.on('error', () => {}); // the case's verdict is Autobahn's to give
  });
}

function updateReports(base, agent) {
  return new Promise((resolve, reject) => {
    const ws = connect(`${base}/updateReports?agent=${encodeURIComponent(agent)}`, false);
    ws.on('close', () => resolve());
    ws.on('error', reject);
  });
}

async function runAutobahnClient(opts) {
  const base = (opts.values.url || '').replace(/\/+$/, '');
  const agent = opts.values.agent;
  if (!base || !agent) usage('--url and --agent are required');
  const deflate = opts.flags.has('deflate');
  const count = await getCaseCount(base);
  console.log(`running ${count} cases as agent ${agent}${deflate ? ' (permessage-deflate offered)' : ''}`);
  for (let n = 1; n <= count; n++) {
    await runCase(base, n, agent, deflate);
  }
  await updateReports(base, agent);
  console.log('reports updated');
}

const [cmd, ...rest] = process.argv.slice(2);
const opts = parseArgs(rest);
if (cmd === 'echo') {
  runEcho(opts);
} else if (cmd === 'autobahn-client') {
  runAutobahnClient(opts).then(
    () => process.exit(0),
    (e) => { console.error(`roost-ws: ${e.message}`); process.exit(1); },
  );
} else {
  usage(cmd ? `unknown command ${cmd}` : 'missing command');
}
