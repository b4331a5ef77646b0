/* Marks accounts on the platform's own pages: the profile shown, and the authors of posts and
 * replies as they appear. Reads the page's address, its author links and, where the page has
 * it, the account's permanent id; sends nothing anywhere. */
"use strict";

(function () {
  const api = globalThis.browser || globalThis.chrome;
  const links = globalThis.OfficialLinks;
  const match = globalThis.OfficialMatch;
  const words = new Map();
  const t = (name, ...subs) => {
    const key = [name, ...subs].join("\u0000");
    if (!words.has(key)) words.set(key, api.i18n.getMessage(name, subs) || name);
    return words.get(key);
  };
  const lang = (api.i18n.getUILanguage() || "en").slice(0, 2);

  // Per platform: the profile's name, its permanent id, and the author links of posts.
  const ADAPTERS = {
    x: {
      name: '[data-testid="UserName"]',
      pid: () => ldIdentifier(),
      authors: '[data-testid="User-Name"]',
    },
    bluesky: {
      name: '[data-testid="profileHeaderDisplayName"]',
      pid: () => attr('link[rel="alternate"][href^="at://did:"]', "href", /^at:\/\/(did:[^/]+)/),
      authors: '[data-testid^="feedItem-by-"] a[href^="/profile/"]',
    },
    mastodon: {
      name: ".account__header__tabs__name h1",
      authors: ".status__display-name, .detailed-status__display-name",
    },
    youtube: {
      name: "#channel-name, yt-page-header-view-model h1, #page-header h1",
      pid: () =>
        attr('meta[itemprop="identifier"]', "content", /^(UC[\w-]{22})$/) ||
        attr('link[rel="canonical"]', "href", /\/channel\/(UC[\w-]{22})/),
      authors: "#author-text, ytd-channel-name a",
    },
    facebook: {
      name: "h1",
      pid: () =>
        attr('meta[property="al:android:url"]', "content", /^fb:\/\/(?:page|profile)\/(\d+)/),
      authors: '[role="article"] h2 a, [role="article"] h3 a',
    },
    instagram: { name: "header h2, header h1", authors: "article header a[href]" },
    linkedin: { name: "h1", authors: ".update-components-actor__meta-link" },
    tiktok: {
      name: '[data-e2e="user-title"]',
      authors: '[data-e2e^="comment-username"] a, a[data-e2e="video-author-uniqueid"]',
    },
    threads: { name: "h1", authors: '[data-pressable-container] a[href^="/@"]' },
    telegram: {
      name: ".tgme_page_title, .tgme_channel_info_header_title",
      authors: ".tgme_widget_message_owner_name",
    },
    github: { name: ".vcard-names, .orghead h1", authors: "a.author" },
  };
  const HOSTS = [
    [/(^|\.)(x|twitter)\.com$/, "x"],
    [/^bsky\.app$/, "bluesky"],
    [/(^|\.)youtube\.com$/, "youtube"],
    [/(^|\.)facebook\.com$/, "facebook"],
    [/(^|\.)instagram\.com$/, "instagram"],
    [/(^|\.)linkedin\.com$/, "linkedin"],
    [/(^|\.)tiktok\.com$/, "tiktok"],
    [/(^|\.)threads\.(net|com)$/, "threads"],
    [/^t\.me$/, "telegram"],
    [/(^|\.)github\.com$/, "github"],
  ];
  const MASTODON_MARKERS =
    '#mastodon, script#initial-state, meta[name="application-name"][content="Mastodon"]';

  function attr(selector, name, pattern) {
    const found = document.querySelector(selector)?.getAttribute(name)?.match(pattern);
    return found ? found[1] : "";
  }

  function ldIdentifier() {
    for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
      try {
        const data = JSON.parse(script.textContent);
        const id = data?.mainEntity?.identifier || data?.author?.identifier;
        if (/^[1-9][0-9]{0,19}$/.test(String(id))) return String(id);
      } catch {
        /* not our business */
      }
    }
    return "";
  }

  function platformOfPage() {
    const host = location.hostname;
    for (const [pattern, platform] of HOSTS) if (pattern.test(host)) return platform;
    return document.querySelector(MASTODON_MARKERS) ? "mastodon" : null;
  }

  // --- Marks ---------------------------------------------------------------------------------
  const LABELS = {
    official: "markOfficial",
    suspended: "markSuspended",
    closed: "markClosed",
    gone: "markGone",
    handle_changed: "markHandleChanged",
    takeover: "markTakeover",
    lookalike: "markLookalike",
    lookalike_link: "markLookalikeLink",
  };
  const ICONS = { official: "✓", suspended: "⏸", closed: "✕", gone: "✕" };

  function owner(entry) {
    const pick = (names) => names[lang] || names.fr || "";
    return t("ownedBy", pick(entry.service), pick(entry.ministry));
  }

  function explain(kind, entry) {
    const words = {
      official: () => t("explainOfficial", owner(entry)),
      suspended: () => `${t("explainSuspended", owner(entry))} ${entry.notice}`.trim(),
      closed: () => `${t("explainClosed")} ${entry.notice}`.trim(),
      gone: () => t("explainGone", owner(entry)),
      handle_changed: () => t("explainHandleChanged", owner(entry)),
      takeover: () => t("explainTakeover", entry.url),
      lookalike: () => t("explainLookalike", entry.name, entry.url),
      lookalike_link: () => t("explainLookalikeLink", entry.name || entry.platform),
    };
    return words[kind]();
  }

  let panels = 0;
  const made = new Map(); // verdict and link -> the mark drawn once, copied for each place
  const panelsOf = new Map(); // the same key -> the explanation, built when first opened

  /** A mark for this verdict and link: a button with words; its explanation opens below it. */
  function makeMark(kind, entry, reported) {
    const key = `${kind}|${entry.platform}|${entry.handle}|${reported}`;
    if (!made.has(key)) {
      made.set(key, drawMark(kind, entry, key));
      panelsOf.set(key, () => drawPanel(kind, entry, reported));
    }
    return made.get(key).cloneNode(true);
  }

  function drawMark(kind, entry, key) {
    const wrap = document.createElement("span");
    wrap.className = `ofr-mark ofr-${kind}`;
    wrap.dataset.ofrKind = kind;
    wrap.dataset.ofrKey = key;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ofr-button";
    button.textContent = `${ICONS[kind] || "⚠"} ${t(LABELS[kind])}`;
    button.title = explain(kind, entry);
    button.setAttribute("aria-expanded", "false");
    wrap.append(button);
    return wrap;
  }

  function drawPanel(kind, entry, reported) {
    const panel = document.createElement("span");
    panel.className = "ofr-panel";
    panel.id = `ofr-panel-${++panels}`;
    panel.setAttribute("role", "note");
    panel.textContent = explain(kind, entry) + " ";
    if (entry.page) panel.append(link(entry.page, t("seeInRegistry")), " ");
    if (kind === "lookalike" || kind === "takeover" || kind === "lookalike_link") {
      const report = `${index.registryUrl}/report/?url=${encodeURIComponent(reported)}`;
      panel.append(link(report, t("reportToRegistry")));
    }
    return panel;
  }

  function toggle(event) {
    const button = event.target.closest && event.target.closest(".ofr-button");
    if (!button) return;
    event.preventDefault();
    event.stopPropagation();
    let panel = button.nextElementSibling;
    if (!panel) {
      panel = panelsOf.get(button.parentElement.dataset.ofrKey)();
      panel.hidden = true;
      button.after(panel);
      button.setAttribute("aria-controls", panel.id);
    }
    panel.hidden = !panel.hidden;
    button.setAttribute("aria-expanded", String(!panel.hidden));
  }

  function link(href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function place(mark, element) {
    const interactive = element.closest("a, button");
    if (interactive) interactive.after(mark);
    else element.append(mark);
  }

  // --- Annotating ----------------------------------------------------------------------------
  let index = null;
  let adapter = null;
  let platform = null;
  const parsed = new Map();
  const seen = new WeakSet();

  function accountOf(href) {
    if (!parsed.has(href)) parsed.set(href, links.parseAccountUrl(href));
    return parsed.get(href);
  }

  function annotateProfile() {
    const account = accountOf(location.href);
    const nameEl = document.querySelector(adapter.name);
    if (!account.platform || !nameEl || nameEl.querySelector(".ofr-mark")) return;
    const pid = adapter.pid ? adapter.pid() : "";
    const displayName = nameEl.textContent.trim().split("\n")[0];
    const found = match.verdict(index, { ...account, pid, displayName });
    if (found) nameEl.append(makeMark(found.kind, found.entry, location.href));
  }

  const verdicts = new Map();

  function verdictOf(account, displayName) {
    const key = `${account.platform}|${account.handle}|${displayName}`;
    if (!verdicts.has(key)) {
      verdicts.set(key, match.verdict(index, { ...account, pid: "", displayName }));
    }
    return verdicts.get(key);
  }

  function hrefOf(element) {
    const anchor = element.matches("a[href]") ? element : element.querySelector("a[href]");
    return anchor ? anchor.href : "";
  }

  function annotateAuthors(root) {
    for (const element of root.querySelectorAll(adapter.authors)) {
      if (seen.has(element)) continue;
      seen.add(element);
      const href = hrefOf(element);
      const account = href ? accountOf(href) : {};
      if (!account.platform) continue;
      const found = verdictOf(account, element.textContent.trim().split("\n")[0]);
      if (found) place(makeMark(found.kind, found.entry, href), element);
    }
  }

  const linkAnswers = new Map();
  const OTHER_HOST = /^https?:\/\/([^/?#]+)/i;

  /** The platform a link imitates (by its address or the address it shows), or "". */
  function imitated(href, text) {
    const key = `${href}\u0000${text}`;
    if (!linkAnswers.has(key)) {
      let slug = "";
      for (const candidate of [href, text]) {
        const looksLikeAddress = /^(https?:\/\/)?[^\s/]+\.[a-z]{2,}/i.test(candidate);
        const answer = looksLikeAddress ? accountOf(candidate) : {};
        if (answer.refused === "lookalike") slug = slug || answer.imitates;
      }
      linkAnswers.set(key, slug);
    }
    return linkAnswers.get(key);
  }

  function annotateLinks(root) {
    for (const anchor of root.querySelectorAll("a[href^='http']")) {
      if (seen.has(anchor)) continue;
      seen.add(anchor);
      const href = anchor.getAttribute("href");
      if (OTHER_HOST.exec(href)?.[1].toLowerCase() === location.host) continue;
      const slug = imitated(href, anchor.textContent.trim());
      if (slug) {
        const entry = { platform: slug, handle: "", name: "", page: "" };
        anchor.after(makeMark("lookalike_link", entry, href));
      }
    }
  }

  /** Mark everything under `root`; returns the script time it took (ms). */
  function annotate(root) {
    const start = performance.now();
    if (!index || !adapter) return 0;
    if (root === document) annotateProfile();
    annotateAuthors(root);
    annotateLinks(root);
    return performance.now() - start;
  }

  function watch() {
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && !node.classList.contains("ofr-mark")) annotate(node);
        }
      }
      annotateProfile(); // single-page sites draw the profile after the first paint
    }).observe(document.body, { childList: true, subtree: true });
  }

  async function start() {
    if (globalThis.officialMarksStarted) return; // two match patterns may both inject it
    globalThis.officialMarksStarted = true;
    platform = document.body ? platformOfPage() : null;
    if (!platform) return;
    adapter = ADAPTERS[platform];
    const stored = await api.storage.local.get(["index"]);
    index = stored.index || null;
    if (!index) return; // no list verified yet: no mark rather than a guess
    document.addEventListener("click", toggle, true);
    document.documentElement.dataset.ofrTime = annotate(document).toFixed(2);
    watch();
  }

  // A list accepted while the page is open answers for what appears from then on.
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== "local" || !changes.index || !changes.index.newValue) return;
    index = changes.index.newValue;
    verdicts.clear();
    made.clear();
    panelsOf.clear();
  });

  start();
})();
