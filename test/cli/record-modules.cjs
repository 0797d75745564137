// Preload for test/cli/startup.test.ts: appends the resolved path of every module the process loads (main thread
// and worker threads, tagged) to the file named by AIM_RECORD_MODULES, one per line.
const Module = require("node:module");
const { appendFileSync } = require("node:fs");
const { isMainThread } = require("node:worker_threads");

const file = process.env.AIM_RECORD_MODULES;
const thread = isMainThread ? "main" : "worker";
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try {
    appendFileSync(file, `${thread} ${Module._resolveFilename(request, parent, isMain)}\n`);
  } catch {
    appendFileSync(file, `${thread} ${request}\n`);
  }
  return load.apply(this, arguments);
};
