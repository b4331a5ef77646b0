// Reads {"scripts": [paths], "list": {...}, "accounts": [...]} on stdin and prints the verdict
// kind and the matched entry's handle for each account: tests/test_extension_match.py.
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
for (const path of input.scripts) vm.runInThisContext(fs.readFileSync(path, "utf8"), { filename: path });
const index = globalThis.OfficialMatch.buildIndex(input.list, "https://registry.example.org");
const answers = input.accounts.map((account) => {
  const found = globalThis.OfficialMatch.verdict(index, account);
  return found ? [found.kind, found.entry.handle] : null;
});
process.stdout.write(JSON.stringify(answers));
