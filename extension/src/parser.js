/* The registry's link parser (registry/links/), ported: a link -> the (platform, key) it names,
 * or a refusal code. hosts.js splits the link and knows the hosts; this file reads the names
 * (catalog.py, platforms.py, fediverse.py). Tables from rules.js, generated from the Python
 * parser's by build.py; tests/test_extension_rules.py runs both parsers on the same cases. */
"use strict";

(function (root) {
  const H = root.OfficialHosts;
  const { R, P, RESERVED, Refusal, refuse, isAscii, unquote, queryValues } = H;
  const { cleanText, splitAddress, checkHost, findSite, checkOtherHost } = H;
  const EMPTY = new Set();
  const TEXT_FORM = P.TEXT_FORM;

  // --- Names (catalog.py) ------------------------------------------------------------------
  function decoded(text) {
    try {
      text = unquote(text);
    } catch {
      refuse("bad_handle");
    }
    for (const char of text) {
      if (!isAscii(char) && isAscii(char.normalize("NFC"))) refuse("bad_handle");
    }
    text = text.normalize("NFC");
    if (text.normalize("NFKC") !== text) refuse("bad_handle");
    return text;
  }

  function validName(slug, text, pattern, reserved) {
    text = decoded(text);
    if ((reserved || EMPTY).has(text.toLowerCase())) refuse("not_an_account");
    if (!pattern.test(text)) refuse("bad_handle");
    return text.toLowerCase();
  }

  function segment(address, index = 0) {
    if (address.segments.length <= index) refuse("not_an_account");
    return address.segments[index];
  }

  function atName(address, pattern) {
    const first = segment(address);
    if (!first.startsWith("@")) refuse("not_an_account");
    return validName("", first.slice(1), pattern);
  }

  // --- Platforms (platforms.py) ------------------------------------------------------------
  function parseX(address) {
    const s = address.segments;
    const first = segment(address).toLowerCase();
    const second = s.length >= 2 ? s[1].toLowerCase() : "";
    if (first === "i" && second === "user" && s.length >= 3) return xUserId(s[2]);
    const third = s.length >= 3 ? s[2].toLowerCase() : "";
    if (first === "i" && (second === "status" || third === "status")) refuse("post_link");
    if (first === "intent" && (second === "user" || second === "follow")) {
      const ids = new Set(queryValues(address, "user_id"));
      const names = new Set(queryValues(address, "screen_name"));
      if (ids.size === 1 && !names.size) return xUserId([...ids][0]);
      if (names.size === 1 && !ids.size) return validName("x", [...names][0], P.X_NAME, RESERVED.x);
      refuse("not_an_account");
    }
    const name = s[0].startsWith("@") ? s[0].slice(1) : s[0];
    return validName("x", name, P.X_NAME, RESERVED.x);
  }

  const xUserId = (text) => (P.X_USER_ID.test(text) ? `id:${text}` : refuse("bad_handle"));

  const FACEBOOK_POSTS = new Set(R.facebookPosts);

  function parseFacebook(address) {
    const s = address.segments;
    const first = segment(address).toLowerCase();
    if (first === "profile.php") {
      const ids = new Set(queryValues(address, "id"));
      return facebookId(ids.size === 1 ? [...ids][0] : "");
    }
    if ((first === "people" || first === "pages") && s.length >= 3) return facebookId(s[2]);
    if (first === "p" && s.length >= 2) {
      const match = P.FACEBOOK_SLUG_ID.exec(s[1]);
      return match ? match[1] : refuse("not_an_account");
    }
    if (first === "share") refuse("short_link");
    if (FACEBOOK_POSTS.has(first) && (s.length >= 2 || address.query)) refuse("post_link");
    if (first === "pg") return facebookName(segment(address, 1));
    if (P.FACEBOOK_ID.test(first)) return first;
    const match = P.FACEBOOK_SLUG_ID.exec(s[0]);
    if (match) return match[1];
    return facebookName(s[0]);
  }

  const facebookId = (text) => (P.FACEBOOK_ID.test(text) ? text : refuse("not_an_account"));

  function facebookName(text) {
    const name = validName("facebook", text, P.FACEBOOK_NAME, RESERVED.facebook).replace(/\./g, "");
    if (name.length < 3 || /^[0-9]+$/.test(name) || RESERVED.facebook.has(name)) {
      refuse("bad_handle");
    }
    return name;
  }

  const INSTAGRAM_POSTS = new Set(R.instagramPosts);

  function parseInstagram(address) {
    const first = segment(address).toLowerCase();
    if (INSTAGRAM_POSTS.has(first) && address.segments.length >= 2) refuse("post_link");
    const index = first === "_u" || first === "stories" ? 1 : 0;
    return validName("instagram", segment(address, index), P.INSTAGRAM_NAME, RESERVED.instagram);
  }

  function parseThreads(address) {
    if (segment(address).toLowerCase() === "t" && address.segments.length >= 2) {
      refuse("post_link");
    }
    return atName(address, P.INSTAGRAM_NAME);
  }

  const LINKEDIN_KINDS = new Set(R.linkedinKinds);

  function parseLinkedin(address) {
    const s = address.segments;
    const kind = segment(address).toLowerCase();
    const post =
      kind === "posts" || kind === "pulse"
        ? s.length >= 2
        : (kind === "feed" || kind === "embed") && s.includes("update");
    if (post) refuse("post_link");
    if (!LINKEDIN_KINDS.has(kind)) refuse("not_an_account");
    return `${kind}/${validName("linkedin", segment(address, 1), P.LINKEDIN_SLUG)}`;
  }

  const YOUTUBE_VIDEOS = new Set(R.youtubeVideos);

  function parseYoutube(address) {
    const first = segment(address);
    const kind = first.toLowerCase();
    if (first.startsWith("@")) return "@" + validName("youtube", first.slice(1), P.YOUTUBE_HANDLE);
    if (first === "channel") {
      const id = segment(address, 1);
      return P.YOUTUBE_CHANNEL_ID.test(id) ? id : refuse("bad_handle");
    }
    if (kind === "c" || kind === "user") {
      return `${kind}/${validName("youtube", segment(address, 1), P.YOUTUBE_LEGACY_NAME)}`;
    }
    if (YOUTUBE_VIDEOS.has(kind)) refuse("video_link");
    return "c/" + validName("youtube", first, P.YOUTUBE_LEGACY_NAME, RESERVED.youtube);
  }

  function parseTiktok(address) {
    if (segment(address).toLowerCase() === "t") refuse("short_link");
    return atName(address, P.TIKTOK_NAME);
  }

  function parseSnapchat(address) {
    if (segment(address).toLowerCase() === "add") {
      return validName("snapchat", segment(address, 1), P.SNAPCHAT_NAME);
    }
    return atName(address, P.SNAPCHAT_NAME);
  }

  const BLUESKY_BAD_TLDS = new Set(R.blueskyBadTlds);

  function parseBluesky(address) {
    if (segment(address) !== "profile") refuse("not_an_account");
    const name = segment(address, 1);
    if (P.BLUESKY_DID.test(name)) return name;
    const handle = validName("bluesky", name, P.BLUESKY_HANDLE);
    if (BLUESKY_BAD_TLDS.has(handle.split(".").pop())) refuse("bad_handle");
    return handle;
  }

  function parseFlickr(address) {
    const first = segment(address).toLowerCase();
    if (first !== "photos" && first !== "people") refuse("not_an_account");
    const name = segment(address, 1);
    const nsid = P.FLICKR_NSID.exec(name);
    if (nsid) return `${nsid[1]}@N${nsid[2]}`;
    return validName("flickr", name, P.FLICKR_ALIAS, RESERVED.flickr);
  }

  function parseVimeo(address) {
    const name = segment(address);
    if (/^[0-9]+$/.test(name)) refuse("post_link");
    return validName("vimeo", name, P.VIMEO_NAME, RESERVED.vimeo);
  }

  function parsePinterest(address) {
    if (segment(address).toLowerCase() === "pin" && address.segments.length >= 2) {
      refuse("post_link");
    }
    return validName("pinterest", segment(address), P.PINTEREST_NAME, RESERVED.pinterest);
  }

  function parseTelegram(address) {
    const name = segment(address, segment(address) === "s" ? 1 : 0);
    if (name.startsWith("+")) refuse("not_an_account");
    return validName("telegram", name, P.TELEGRAM_NAME, RESERVED.telegram);
  }

  function parseWhatsapp(address) {
    if (segment(address) !== "channel") refuse("not_an_account");
    const id = segment(address, 1);
    return P.WHATSAPP_CHANNEL_ID.test(id) ? id : refuse("bad_handle");
  }

  function parseGithub(address) {
    const index = segment(address).toLowerCase() === "orgs" ? 1 : 0;
    return validName("github", segment(address, index), P.GITHUB_NAME, RESERVED.github);
  }

  // --- The fediverse (fediverse.py) --------------------------------------------------------
  function fediverseKey(user, host) {
    host = checkHost(host);
    if (findSite(host) !== null) refuse("handle_only");
    checkOtherHost(host);
    if (!P.USER_NAME.test(user)) refuse("bad_handle");
    return `${user.toLowerCase()}@${host}`;
  }

  function parseFediversePath(address) {
    const first = address.segments.length ? address.segments[0] : "";
    if (first.startsWith("@")) {
      const at = first.indexOf("@", 1);
      const user = at < 0 ? first.slice(1) : first.slice(1, at);
      const remote = at < 0 ? "" : first.slice(at + 1);
      return fediverseKey(user, remote || address.host);
    }
    if (first === "users" && address.segments.length >= 2) {
      return fediverseKey(address.segments[1], address.host);
    }
    refuse("unknown_host");
  }

  const PARSERS = {
    x: parseX,
    facebook: parseFacebook,
    instagram: parseInstagram,
    linkedin: parseLinkedin,
    youtube: parseYoutube,
    tiktok: parseTiktok,
    mastodon: parseFediversePath,
    bluesky: parseBluesky,
    threads: parseThreads,
    flickr: parseFlickr,
    vimeo: parseVimeo,
    pinterest: parsePinterest,
    telegram: parseTelegram,
    whatsapp: parseWhatsapp,
    snapchat: parseSnapchat,
    github: parseGithub,
  };

  function parseOrThrow(text) {
    text = cleanText(text);
    const form = TEXT_FORM.exec(text);
    if (form) return { platform: "mastodon", handle: fediverseKey(form[1], form[2]) };
    const address = splitAddress(text);
    const site = findSite(address.host);
    if (site === null) {
      checkOtherHost(address.host);
      return { platform: "mastodon", handle: parseFediversePath(address) };
    }
    if (!site.profiles) refuse("not_an_account");
    return { platform: site.platform, handle: PARSERS[site.platform](address) };
  }

  /** The account a link names: {platform, handle}, or {refused: code, imitates: slug}. */
  function parseAccountUrl(text) {
    try {
      return parseOrThrow(text);
    } catch (error) {
      if (error instanceof Refusal) return { refused: error.code, imitates: error.imitates };
      if (error instanceof RangeError || error instanceof SyntaxError) {
        return { refused: "not_a_link", imitates: "" };
      }
      throw error;
    }
  }

  /** The platform's permanent id if the key is one (platforms.py's `permanent`). */
  function permanentId(platform, key) {
    if (platform === "x") return key.startsWith("id:") ? key.slice(3) : null;
    if (platform === "facebook") return /^[0-9]+$/.test(key) ? key : null;
    if (platform === "youtube") return P.YOUTUBE_CHANNEL_ID.test(key) ? key : null;
    if (platform === "bluesky") return key.startsWith("did:") ? key : null;
    if (platform === "flickr") return key.includes("@") ? key : null;
    if (platform === "whatsapp") return key;
    return null;
  }

  const { imitatedPlatform, readableHost, skeleton } = H;
  root.OfficialLinks = { parseAccountUrl, permanentId, imitatedPlatform, readableHost, skeleton };
})(globalThis);
