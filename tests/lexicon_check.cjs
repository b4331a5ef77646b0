// Validates what the registry's labeler serves against the official atproto lexicons, with
// @atproto/lexicon (the `lexicons` that @atproto/api builds from the official schemas).
// Reads a JSON list on stdin: {"query": nsid, "output": {...}} or {"message": nsid, "value": {...}}
// (atproto JSON: bytes as {"$bytes": base64}). Prints "ok", or the first error and exits 1.
const { lexicons, jsonToLex } = require("@atproto/api");

const items = JSON.parse(require("fs").readFileSync(0, "utf8"));
try {
  for (const item of items) {
    if (item.query) lexicons.assertValidXrpcOutput(item.query, jsonToLex(item.output));
    else lexicons.assertValidXrpcMessage(item.message, jsonToLex(item.value));
  }
  console.log("ok");
} catch (error) {
  console.log(String(error));
  process.exit(1);
}
