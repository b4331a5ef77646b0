/* Matching, all of it local: the index built from the offline list, the verdict for an account
 * seen on a page (by permanent id first, then by key and aliases), and look-alike handles and
 * names. Shared by the background worker (buildIndex) and the pages (verdict). */
"use strict";

(function (root) {
  const links = root.OfficialLinks;
  // Words impostors add to a copied handle ("gouvlu_official", "realgouvlu", "gouvlu.lux").
  const WORDS = ["officielle", "officiel", "official", "offiziell", "oficial", "gouv", "gov"];
  let AFFIXES = null; // folded like the names they are cut from, on first use
  const TYPO_MIN = 5; // one slip from a shorter name is too often an ordinary other name

  /** Lower case, accents dropped, other scripts' look-alike letters in Latin, digits that pass
   * for letters folded, punctuation removed: what a hurried eye reads. */
  function fold(text) {
    const readable = links.readableHost(String(text || "").replace(/\./g, " "));
    return links.skeleton(readable).replace(/[^\p{L}\p{N}]/gu, "");
  }

  function forms(folded) {
    AFFIXES = AFFIXES || WORDS.concat(["lux", "real", "the", "lu"]).map(fold);
    const out = [folded]; // grows as affixes come off: "officielgouvlulux" -> … -> "gouvlu"
    for (let i = 0; i < out.length && out.length < 64; i++) {
      for (const affix of AFFIXES) {
        const form = out[i];
        if (form.length <= affix.length + 2) continue; // what is left must still be a name
        for (const cut of [form.startsWith(affix) && form.slice(affix.length),
                           form.endsWith(affix) && form.slice(0, -affix.length)]) {
          if (cut && !out.includes(cut)) out.push(cut);
        }
      }
    }
    return out;
  }

  function deletions(text) {
    const out = [];
    for (let i = 0; i < text.length; i++) out.push(text.slice(0, i) + text.slice(i + 1));
    return out;
  }

  const userOf = (platform, handle) =>
    platform === "mastodon" ? handle.split("@")[0] : handle.replace(/^(@|c\/|user\/)/, "");

  function addTo(map, key, value) {
    (map[key] = map[key] || []).includes(value) || map[key].push(value);
  }

  /** The index the pages match against, from the accepted offline list. */
  function buildIndex(list, registryUrl) {
    const index = { registryUrl, count: 0, entries: [], keys: {}, pids: {}, exact: {}, near: {} };
    index.names = {};
    for (const row of list.entries || []) {
      const i = index.entries.length;
      index.entries.push({
        platform: row.platform,
        handle: row.handle,
        url: row.url,
        status: row.status,
        notice: row.notice || "",
        name: row.display_name || "",
        service: row.service || {},
        ministry: row.ministry || {},
        page: row.page || "",
        pid: row.permanent_id || "",
      });
      for (const key of [row.handle, ...(row.aliases || [])]) {
        index.keys[`${row.platform}|${key}`] = i;
      }
      if (row.permanent_id) index.pids[`${row.platform}|${row.permanent_id}`] = i;
      if (row.status === "closed") continue; // a closed account's look-alikes imitate nothing live
      const base = fold(userOf(row.platform, row.handle));
      addTo(index.exact, `${row.platform}|${base}`, i);
      if (base.length >= TYPO_MIN) {
        for (const variant of deletions(base)) addTo(index.near, `${row.platform}|${variant}`, i);
        addTo(index.near, `${row.platform}|${base}`, i);
      }
      const name = fold(row.display_name);
      if (name.length >= 4) addTo(index.names, `${row.platform}|${name}`, i);
    }
    index.count = index.entries.length;
    return index;
  }

  function lookalike(index, platform, handle, displayName) {
    const own = (i) => index.entries[i].handle === handle;
    for (const form of forms(fold(userOf(platform, handle)))) {
      const hit = (index.exact[`${platform}|${form}`] || []).find((i) => !own(i));
      if (hit !== undefined) return hit;
      if (form.length < TYPO_MIN) continue;
      for (const variant of [form, ...deletions(form)]) {
        const near = (index.near[`${platform}|${variant}`] || []).find((i) => !own(i));
        if (near !== undefined) return near;
      }
    }
    const name = fold(displayName);
    const same = name.length >= 4 ? index.names[`${platform}|${name}`] || [] : [];
    return same.find((i) => !own(i));
  }

  /** What to show for an account: {kind, entry} or null (nothing known: no mark). Kinds:
   * official, suspended, closed, gone, handle_changed, takeover, lookalike. */
  function verdict(index, account) {
    const { platform, handle, pid, displayName } = account;
    const byId = pid ? index.pids[`${platform}|${pid}`] : undefined;
    if (byId !== undefined) return { kind: index.entries[byId].status, entry: index.entries[byId] };
    const byKey = index.keys[`${platform}|${handle}`];
    if (byKey !== undefined) {
      const entry = index.entries[byKey];
      if (pid && entry.pid && entry.pid !== pid) return { kind: "takeover", entry };
      return { kind: entry.status, entry };
    }
    const near = lookalike(index, platform, handle, displayName);
    return near === undefined ? null : { kind: "lookalike", entry: index.entries[near] };
  }

  root.OfficialMatch = { buildIndex, verdict, fold };
})(globalThis);
