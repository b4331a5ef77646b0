// Reads {"rules": path, "parser": path, "texts": [...], "hosts": [...]} on stdin and prints what
// the extension's parser answers for each: tests/test_extension_rules.py compares with Python's.
"use strict";
const fs = require("fs");
const vm = require("vm");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
vm.runInThisContext(fs.readFileSync(input.rules, "utf8"), { filename: input.rules });
vm.runInThisContext(fs.readFileSync(input.parser, "utf8"), { filename: input.parser });
const links = globalThis.OfficialLinks;
const answers = input.texts.map((text) => links.parseAccountUrl(text));
const hosts = input.hosts.map((host) => links.imitatedPlatform(host));
process.stdout.write(JSON.stringify({ answers, hosts }));
