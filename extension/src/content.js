/* Marks accounts on the platform's own pages: the profile shown, and the authors of posts and
 * replies as they appear. Reads the page's address, its author links and, where the page has
 * it, the account's permanent id; sends nothing anywhere. */
"use strict";

(function () {
  const api = globalThis.browser || globalThis.chrome;
  const links = globalThis.OfficialLinks;
  const match = globalThis.OfficialMatch;
  const t = (name, ...subs) => api.i18n.getMessage(name, subs) || name;
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
      authors: '[data-testid^="feedItem-by-"] a[href^="/profile/"]:not([data-ofr-seen])',
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
      pid: () => attr('meta[property="al:android:url"]', "content", /^fb:\/\/(?:page|profile)\/(\d+)/),
      authors: '[role="article"] h2 a, [role="article"] h3 a',
    },
    instagram: { name: "header h2, header h1", authors: "article header a[href]" },
    linkedin: { name: "h1", authors: ".update-components-actor__meta-link" },
    tiktok: { name: '[data-e2e="user-title"]', authors: '[data-e2e^="comment-username"] a, a[data-e2e="video-author-uniqueid"]' },
    threads: { name: "h1", authors: '[data-pressable-container] a[href^="/@"]:not([data-ofr-seen])' },
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
  const MASTODON_MARKERS = '#mastodon, script#initial-state, meta[name="application-name"][content="Mastodon"]';

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
      suspended: () => t("explainSuspended", owner(entry)) + (entry.notice ? " " + entry.notice : ""),
      closed: () => t("explainClosed") + (entry.notice ? " " + entry.notice : ""),
      gone: () => t("explainGone", owner(entry)),
      handle_changed: () => t("explainHandleChanged", owner(entry)),
      takeover: () => t("explainTakeover", entry.url),
      lookalike: () => t("explainLookalike", entry.name, entry.url),
      lookalike_link: () => t("explainLookalikeLink", entry.name || entry.platform),
    };
    return words[kind]();
  }

  let panels = 0;

  function makeMark(kind, entry, reported) {
    const wrap = document.createElement("span");
    wrap.className = `ofr-mark ofr-${kind}`;
    wrap.dataset.ofrKind = kind;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ofr-button";
    button.textContent = `${ICONS[kind] || "⚠"} ${t(LABELS[kind])}`;
    button.setAttribute("aria-expanded", "false");
    const panel = document.createElement("span");
    panel.className = "ofr-panel";
    panel.id = `ofr-panel-${++panels}`;
    panel.hidden = true;
    panel.setAttribute("role", "note");
    panel.textContent = explain(kind, entry) + " ";
    button.setAttribute("aria-controls", panel.id);
    button.title = panel.textContent.trim();
    if (entry.page) panel.append(link(entry.page, t("seeInRegistry")), " ");
    if (kind === "lookalike" || kind === "takeover" || kind === "lookalike_link") {
      const report = `${index.registryUrl}/report/?url=${encodeURIComponent(reported)}`;
      panel.append(link(report, t("reportToRegistry")));
    }
    button.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
    });
    wrap.append(button, panel);
    return wrap;
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

  function hrefOf(element) {
    const anchor = element.matches("a[href]") ? element : element.querySelector("a[href]");
    return anchor ? anchor.href : "";
  }

  function annotateAuthors(root) {
    for (const element of root.querySelectorAll(adapter.authors)) {
      if (element.dataset.ofrSeen) continue;
      element.dataset.ofrSeen = "1";
      const href = hrefOf(element);
      const account = href ? accountOf(href) : {};
      if (!account.platform) continue;
      const name = element.textContent.trim().split("\n")[0];
      const found = match.verdict(index, { ...account, pid: "", displayName: name });
      if (found) place(makeMark(found.kind, found.entry, href), element);
    }
  }

  function annotateLinks(root) {
    for (const anchor of root.querySelectorAll("a[href^='http']:not([data-ofr-seen])")) {
      anchor.dataset.ofrSeen = "1";
      if (anchor.hostname === location.hostname) continue;
      for (const text of [anchor.href, anchor.textContent.trim()]) {
        const answer = /^(https?:\/\/)?[^\s/]+\.[a-z]{2,}/i.test(text) ? accountOf(text) : {};
        if (answer.refused === "lookalike") {
          const entry = { platform: answer.imitates, name: "", page: "" };
          anchor.after(makeMark("lookalike_link", entry, anchor.href));
          break;
        }
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
    platform = platformOfPage();
    if (!platform) return;
    adapter = ADAPTERS[platform];
    const stored = await api.storage.local.get(["index"]);
    index = stored.index || null;
    if (!index) return;
    document.documentElement.dataset.ofrTime = annotate(document).toFixed(2);
    watch();
  }

  globalThis.OfficialPage = { annotate: () => annotate(document) };
  start();
})();
