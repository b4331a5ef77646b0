/* The link parser's first half (registry/links/ address.py, hosts.py, lookalike.py), ported:
 * cleaning and splitting a link, the platforms' hosts, and hosts that imitate them. Its tables
 * come from rules.js; parser.js reads the names. tests/test_extension_rules.py checks both. */
"use strict";

(function (root) {
  const R = root.OFFICIAL_RULES;
  const full = (name) => new RegExp(`^(?:${R.patterns[name]})$`, "u");
  const P = Object.fromEntries(Object.keys(R.patterns).map((name) => [name, full(name)]));
  const RESERVED = Object.fromEntries(
    Object.entries(R.reserved).map(([slug, words]) => [slug, new Set(words)]),
  );
  const SITES = R.sites.map(([domain, platform, sub, profiles]) => ({
    domain,
    platform,
    sub: new RegExp(`^(?:${sub})$`, "u"),
    profiles,
  }));
  const SHORT = new Set(R.shortLinkHosts);
  const NOT_FEDIVERSE = new Set(R.notFediverse);
  const PRIVATE_TLDS = new Set(R.privateTlds);
  const DOT_SEGMENTS = new Set(R.dotSegments);
  const SCHEME = new RegExp(`^${R.patterns.SCHEME}`, "u");
  const PORT_AFTER_COLON = new RegExp(`^${R.patterns.PORT_AFTER_COLON}`, "u");

  class Refusal extends Error {
    constructor(code, imitates) {
      super(code);
      this.code = code;
      this.imitates = imitates || "";
    }
  }
  const refuse = (code, imitates) => {
    throw new Refusal(code, imitates);
  };

  const UTF8 = new TextDecoder("utf-8", { fatal: true });

  // Percent-escapes decoded as UTF-8, strictly; a "%" not followed by two hex digits stays.
  function unquote(text) {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      const bytes = run.slice(1).split("%").map((hex) => parseInt(hex, 16));
      return UTF8.decode(new Uint8Array(bytes));
    });
  }

  // --- Cleaning and splitting (address.py) -------------------------------------------------
  function cleanText(text) {
    if (typeof text !== "string") refuse("not_a_link");
    text = text.replace(/^\s+|\s+$/gu, "");
    if (!text) refuse("blank");
    if (text.length > R.maxLength) refuse("too_long");
    if (/\p{C}/u.test(text)) refuse("control_chars");
    if (/[\s\\]/u.test(text)) refuse("not_a_link");
    return text;
  }

  function stripScheme(text) {
    if (text.startsWith("//")) return [text.slice(2), ["80", "443"]];
    const match = SCHEME.exec(text);
    if (!match || PORT_AFTER_COLON.test(text.slice(match[0].length))) {
      if (text.includes("@") && !text.includes("/")) refuse("handle_only");
      return [text, ["80", "443"]];
    }
    const scheme = match[1].toLowerCase();
    const rest = text.slice(match[0].length);
    if (scheme !== "http" && scheme !== "https") refuse("scheme");
    if (!rest.startsWith("//")) refuse("not_a_link");
    // "https:///x.com/…": browsers skip any slashes after the scheme's two, as the parser does.
    return [rest.replace(/^\/+/, ""), [scheme === "http" ? "80" : "443"]];
  }

  function splitAddress(text) {
    const [rest, ports] = stripScheme(text);
    let end = rest.length;
    for (const stop of "/?#") if (rest.includes(stop)) end = Math.min(end, rest.indexOf(stop));
    const host = checkAuthority(rest.slice(0, end), ports);
    const whole = rest.slice(end);
    const hash = whole.indexOf("#");
    const tail = hash < 0 ? whole : whole.slice(0, hash);
    const fragment = hash < 0 ? "" : whole.slice(hash + 1);
    const q = tail.indexOf("?");
    let path = q < 0 ? tail : tail.slice(0, q);
    let query = q < 0 ? "" : tail.slice(q + 1);
    if (!path.replace(/\//g, "") && !query && fragment.startsWith("!/")) {
      // A link of the "hashbang" years (twitter.com/#!/name): the fragment is the page shown.
      const inner = fragment.slice(1);
      const iq = inner.indexOf("?");
      path = iq < 0 ? inner : inner.slice(0, iq);
      query = iq < 0 ? "" : inner.slice(iq + 1);
    }
    const segments = path.split("/").filter(Boolean);
    if (segments.some((s) => DOT_SEGMENTS.has(s.toLowerCase()))) refuse("not_a_link");
    return { host, segments, query };
  }

  function checkAuthority(authority, ports) {
    if (authority.includes("@")) refuse("userinfo");
    if (authority.startsWith("[")) refuse("ip_host");
    const colon = authority.indexOf(":");
    const host = colon < 0 ? authority : authority.slice(0, colon);
    const port = colon < 0 ? "" : authority.slice(colon + 1);
    if (port.includes(":")) refuse("ip_host");
    if (colon >= 0 && port) {
      const digits = /^[0-9]{1,5}$/.test(port);
      if (!digits || !ports.includes(String(parseInt(port, 10)))) refuse("port");
    }
    return checkHost(host);
  }

  const isAscii = (text) => /^[\x00-\x7f]*$/.test(text);

  function checkHost(host) {
    if (!isAscii(host)) {
      refuseIfImitation(host);
      refuse("non_ascii_host");
    }
    host = host.toLowerCase().replace(/\.$/, "");
    const labels = host.split(".");
    if (isIp(host) || /^[0-9]/.test(labels[labels.length - 1])) refuse("ip_host");
    if (host.length > 253 || !labels.every((label) => P.LABEL.test(label))) refuse("not_a_link");
    if (labels.some((label) => label.startsWith("xn--"))) {
      refuseIfImitation(host);
      refuse("non_ascii_host");
    }
    if (labels.length < 2) refuse("not_a_link");
    const tld = labels[labels.length - 1];
    if (!P.TLD.test(tld) || PRIVATE_TLDS.has(tld)) {
      refuseIfImitation(host);
      refuse("unknown_host");
    }
    return host;
  }

  function isIp(host) {
    if (/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(host)) return host.split(".").every((n) => +n < 256);
    return host.includes(":");
  }

  function queryValues(address, name) {
    const values = [];
    for (const part of address.query.split("&")) {
      if (!part) continue;
      const eq = part.indexOf("=");
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? "" : part.slice(eq + 1);
      if (plusDecode(key) === name) values.push(plusDecode(value));
    }
    return values;
  }

  function plusDecode(text) {
    try {
      return unquote(text.replace(/\+/g, " "));
    } catch {
      return text;
    }
  }

  // --- Hosts (hosts.py) --------------------------------------------------------------------
  function isUnder(host, domains) {
    const labels = host.split(".");
    for (let i = 0; i < labels.length; i++) if (domains.has(labels.slice(i).join("."))) return true;
    return false;
  }

  function findSite(host) {
    if (isUnder(host, SHORT)) refuse("short_link");
    if (host === "youtu.be") refuse("video_link");
    for (const site of SITES) {
      if (host === site.domain) return site;
      if (host.endsWith("." + site.domain)) {
        const sub = host.slice(0, -(site.domain.length + 1));
        const allowed = site.profiles && site.sub.test(sub);
        return allowed ? site : { platform: site.platform, profiles: false };
      }
    }
    return null;
  }

  // --- Look-alikes (lookalike.py) ----------------------------------------------------------
  const BRAND_SKELETONS = Object.entries(R.brands).map(([name, slug]) => [skeleton(name), slug]);
  const NOT_IMITATIONS = new Set(R.notImitations);

  function readableHost(host) {
    const labels = host.toLowerCase().replace(/\.$/, "").split(".").map(decodedLabel);
    let text = labels.join(".").normalize("NFKD");
    text = text.replace(/\p{Mn}/gu, "").toLowerCase();
    return Array.from(text, (char) => R.confusables[char] || char).join("");
  }

  function skeleton(text) {
    text = Array.from(text, (char) => R.glyphs[char] || char).join("");
    for (const [pair, single] of R.pairs) text = text.split(pair).join(single);
    return text;
  }

  function imitatedPlatform(host) {
    const readable = readableHost(host);
    if (NOT_IMITATIONS.has(readable)) return null;
    const padded = `.${readable}.`;
    for (const site of SITES) if (padded.includes(`.${site.domain}.`)) return site.platform;
    const labels = readable.split(".").slice(0, -1);
    for (const label of labels) {
      for (const part of [label, ...label.split("-")]) {
        const slug = brandIn(skeleton(part.replace(/-/g, "")));
        if (slug) return slug;
      }
    }
    return null;
  }

  function brandIn(part) {
    for (const [name, slug] of BRAND_SKELETONS) {
      if (part.includes(name)) return slug;
      if (name.length >= R.typoMinLength && part[0] === name[0] && oneSlip(part, name)) return slug;
    }
    return null;
  }

  function oneSlip(text, name) {
    if (text.length === name.length) {
      const diffs = [];
      for (let i = 0; i < text.length; i++) if (text[i] !== name[i]) diffs.push(i);
      if (diffs.length === 1) return true;
      if (diffs.length !== 2 || diffs[1] !== diffs[0] + 1) return false;
      const i = diffs[0];
      return text[i] === name[i + 1] && text[i + 1] === name[i];
    }
    if (Math.abs(text.length - name.length) !== 1) return false;
    const [shorter, longer] = text.length < name.length ? [text, name] : [name, text];
    for (let i = 0; i < longer.length; i++) {
      if (longer.slice(0, i) + longer.slice(i + 1) === shorter) return true;
    }
    return false;
  }

  function refuseIfImitation(host) {
    const slug = imitatedPlatform(host);
    if (slug) refuse("lookalike", slug);
  }

  function checkOtherHost(host) {
    refuseIfImitation(host);
    if (isUnder(host, NOT_FEDIVERSE)) refuse("unknown_host");
  }

  function decodedLabel(label) {
    if (!label.startsWith("xn--")) return label;
    try {
      return punycodeDecode(label.slice(4));
    } catch {
      return label;
    }
  }

  // RFC 3492 decoding, as Python's "punycode" codec does it.
  function punycodeDecode(input) {
    const base = 36;
    const out = [];
    let n = 128;
    let i = 0;
    let bias = 72;
    const delimiter = input.lastIndexOf("-");
    if (delimiter > 0) {
      for (const char of input.slice(0, delimiter)) {
        if (char.charCodeAt(0) >= 128) throw new Error("not basic");
        out.push(char.charCodeAt(0));
      }
    }
    let index = delimiter > 0 ? delimiter + 1 : 0;
    while (index < input.length) {
      const oldi = i;
      let w = 1;
      for (let k = base; ; k += base) {
        if (index >= input.length) throw new Error("truncated");
        const code = input.charCodeAt(index++);
        const digit = code - 48 < 10 ? code - 22 : code - 65 < 26 ? code - 65 : code - 97;
        if (digit < 0 || digit >= base) throw new Error("bad digit");
        i += digit * w;
        const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
        if (digit < t) break;
        w *= base - t;
      }
      bias = adapt(i - oldi, out.length + 1, oldi === 0);
      n += Math.floor(i / (out.length + 1));
      i %= out.length + 1;
      out.splice(i++, 0, n);
    }
    return String.fromCodePoint(...out);
  }

  function adapt(delta, points, first) {
    delta = first ? Math.floor(delta / 700) : delta >> 1;
    delta += Math.floor(delta / points);
    let k = 0;
    for (; delta > 455; k += 36) delta = Math.floor(delta / 35);
    return k + Math.floor((36 * delta) / (delta + 38));
  }
  root.OfficialHosts = {
    R,
    P,
    RESERVED,
    Refusal,
    refuse,
    isAscii,
    unquote,
    cleanText,
    splitAddress,
    checkHost,
    findSite,
    checkOtherHost,
    queryValues,
    imitatedPlatform,
    readableHost,
    skeleton,
  };
})(globalThis);
