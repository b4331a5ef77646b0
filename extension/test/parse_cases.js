// Reads {"scripts": [paths], "texts": [...], "hosts": [...]} on stdin and prints what
// the extension's parser answers for each: tests/test_extension_rules.py compares with Python's.
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
for (const path of input.scripts) vm.runInThisContext(fs.readFileSync(path, "utf8"), { filename: path });
const links = globalThis.OfficialLinks;
const answers = input.texts.map((text) => links.parseAccountUrl(text));
const hosts = input.hosts.map((host) => links.imitatedPlatform(host));
process.stdout.write(JSON.stringify({ answers, hosts }));
