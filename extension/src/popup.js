/* The toolbar panel: which list is in use, whether the last update failed, "update now". */
"use strict";

const api = globalThis.browser || globalThis.chrome;
const t = (name, ...subs) => api.i18n.getMessage(name, subs);

async function show() {
  const { listInfo, lastAttempt } = await api.storage.local.get(["listInfo", "lastAttempt"]);
  const status = document.getElementById("status");
  status.textContent = listInfo
    ? t("popupListVersion", String(listInfo.version), String(listInfo.entries), listInfo.expires)
    : t("popupNoList");
  const failed = lastAttempt && lastAttempt.error;
  const expired = listInfo && Date.parse(listInfo.expires) <= Date.now();
  document.getElementById("error").textContent = [
    failed ? t("popupLastError", failed) : "",
    expired ? t("popupExpired", listInfo.expires) : "",
  ].join(" ");
}

document.documentElement.lang = api.i18n.getUILanguage();
for (const element of document.querySelectorAll("[data-i18n]")) {
  element.textContent = t(element.dataset.i18n);
}
document.getElementById("refresh").addEventListener("click", async () => {
  await api.runtime.sendMessage({ type: "refresh" });
  await show();
});
show();
