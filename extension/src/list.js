/* The signed offline list: accepted only if its Ed25519 signature verifies with the key built
 * into the extension (config.js), it has not expired, and its version is not below one seen. */
"use strict";

(function (root) {
  function base64Bytes(text) {
    const binary = atob(text.trim());
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  }

  /** The raw 32-byte Ed25519 key of a C2SP vkey `<name>+<8 hex id>+<base64(0x01 || key)>`. */
  function vkeyBytes(vkey) {
    // The key's base64 may itself hold "+": the name and the key id never do.
    const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim());
    const raw = match ? base64Bytes(match[3]) : new Uint8Array();
    if (raw.length !== 33 || raw[0] !== 1) throw new Error("bad_key");
    return raw.slice(1);
  }

  /** The list in `bytes` (a Uint8Array of the file's exact bytes), or throws Error(reason):
   * "signature", "not_json", "expired", "rollback" (a lower version than `seenVersion`). */
  async function acceptList(bytes, signature, vkey, seenVersion, now) {
    const key = await crypto.subtle.importKey("raw", vkeyBytes(vkey), { name: "Ed25519" }, false, [
      "verify",
    ]);
    let sig;
    try {
      sig = base64Bytes(signature);
    } catch {
      throw new Error("signature");
    }
    const good = await crypto.subtle.verify({ name: "Ed25519" }, key, sig, bytes);
    if (!good) throw new Error("signature");
    let list;
    try {
      list = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      throw new Error("not_json");
    }
    const expires = Date.parse(list.expires);
    if (!Number.isFinite(expires) || expires <= now) throw new Error("expired");
    if (!Number.isInteger(list.version) || list.version < (seenVersion || 0)) {
      throw new Error("rollback");
    }
    return list;
  }

  root.OfficialList = { acceptList, vkeyBytes };
})(globalThis);
