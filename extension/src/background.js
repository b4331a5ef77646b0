/* The background worker: downloads the signed offline list daily and on demand, keeps the last
 * good one, and hands the matching index to the pages. It asks the registry for the list only:
 * nothing about the pages the person visits ever leaves the browser. */
"use strict";

if (typeof importScripts === "function" && typeof OFFICIAL_CONFIG === "undefined") {
  importScripts("config.js", "rules.js", "hosts.js", "parser.js", "list.js", "match.js");
}

const api = globalThis.browser || globalThis.chrome;
const LIST_PATH = "/.well-known/official-accounts.json";
const DAY_MINUTES = 24 * 60;

async function download(path) {
  const response = await fetch(OFFICIAL_CONFIG.registryUrl + path, {
    cache: "no-store",
    credentials: "omit",
    redirect: "error",
    referrerPolicy: "no-referrer",
  });
  if (!response.ok) throw new Error("unreachable");
  return new Uint8Array(await response.arrayBuffer());
}

/** The list's exact bytes and its signature; throws "unreachable" for any network failure. */
async function downloadSigned() {
  try {
    return await Promise.all([
      download(LIST_PATH),
      download(LIST_PATH + ".sig").then((raw) => new TextDecoder().decode(raw)),
    ]);
  } catch {
    throw new Error("unreachable");
  }
}

async function keep(list, checkedAt) {
  const index = OfficialMatch.buildIndex(list, OFFICIAL_CONFIG.registryUrl);
  await api.storage.local.set({
    index,
    seenVersion: list.version,
    listInfo: {
      version: list.version,
      generatedAt: list.generated_at,
      expires: list.expires,
      entries: index.count,
    },
    lastGoodAt: checkedAt,
  });
}

/** Fetch, verify and store the list; on any failure keep the last good one and say why. */
async function refresh() {
  const { seenVersion } = await api.storage.local.get(["seenVersion"]);
  const attempt = { checkedAt: new Date().toISOString(), error: "" };
  try {
    const [bytes, signature] = await downloadSigned();
    const key = OFFICIAL_CONFIG.registryKey;
    const list = await OfficialList.acceptList(bytes, signature, key, seenVersion, Date.now());
    await keep(list, attempt.checkedAt);
  } catch (error) {
    attempt.error = error.message || "unreachable";
  }
  await api.storage.local.set({ lastAttempt: attempt });
  return attempt;
}

api.runtime.onInstalled.addListener(() => {
  api.alarms.create("refresh", { periodInMinutes: DAY_MINUTES, delayInMinutes: DAY_MINUTES });
  refresh();
});
api.runtime.onStartup.addListener(() => refresh());
api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === "refresh") refresh();
});
api.runtime.onMessage.addListener((message, _sender, reply) => {
  if (message && message.type === "refresh") {
    refresh().then(reply);
    return true; // the answer comes later
  }
  return false;
});
