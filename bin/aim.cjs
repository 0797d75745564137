#!/usr/bin/env node
// The `aim` command: runs the TypeScript CLI through tsx (no build step needed).
require("tsx/cjs");
const { main } = require("../lib/cli/main.ts");
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
