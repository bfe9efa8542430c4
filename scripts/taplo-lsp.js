// Runs taplo's language server (@taplo/lsp, the WebAssembly build that Even
// Better TOML bundles) over standard input and output, so that
// scripts/completion-check can talk to it like to any language server.
// Needs @taplo/lsp installed where NODE_PATH points.
"use strict";

const fs = require("fs");
const fsp = require("fs/promises");
const path = require("path");
const { TaploLsp } = require("@taplo/lsp");

let server;
let pending = [];
let buffer = Buffer.alloc(0);

function reply(message) {
  const body = Buffer.from(JSON.stringify(message));
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

TaploLsp.initialize(
  {
    cwd: () => process.cwd(),
    envVar: name => process.env[name],
    envVars: () => Object.entries(process.env),
    findConfigFile: from => {
      for (const name of [".taplo.toml", "taplo.toml"]) {
        const candidate = path.join(from, name);
        if (fs.existsSync(candidate)) return candidate;
      }
      return undefined;
    },
    glob: () => [],
    isAbsolute: p => path.isAbsolute(p),
    now: () => new Date(),
    readFile: p => fsp.readFile(p),
    writeFile: (p, bytes) => fsp.writeFile(p, bytes),
    stderr: process.stderr,
    stdErrAtty: () => false,
    stdin: process.stdin,
    stdout: process.stdout,
    urlToFilePath: url => decodeURIComponent(url).slice("file://".length),
    fetch: { fetch, Headers, Request, Response },
  },
  { onMessage: reply },
).then(started => {
  server = started;
  for (const message of pending) server.send(message);
  pending = null;
});

process.stdin.on("data", chunk => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (message.method === "exit") process.exit(0);
    if (pending) pending.push(message);
    else server.send(message);
  }
});
