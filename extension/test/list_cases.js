// Reads {"scripts": [...], "cases": [{body, signature, vkey, seen, now}]} (body in base64) and
// prints, for each, the accepted list's version or the refusal: tests/test_extension_match.py.
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
for (const path of input.scripts) vm.runInThisContext(fs.readFileSync(path, "utf8"), { filename: path });
(async () => {
  const out = [];
  for (const c of input.cases) {
    const bytes = Uint8Array.from(Buffer.from(c.body, "base64"));
    try {
      const list = await globalThis.OfficialList.acceptList(bytes, c.signature, c.vkey, c.seen, c.now);
      out.push(list.version);
    } catch (error) {
      out.push(error.message);
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
