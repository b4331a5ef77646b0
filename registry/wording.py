"""What staff read for what the register keeps as codes (issue 34, requirement 5): a field's
name, a language code, a checklist as answered, a watch's finding or failure. Pages, e-mails
and the admin show these words, never the stored dicts, codes or English details."""

from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from registry.models import Answer
from registry.models.labels import field_label

# What the watch compares on a profile (Observation.changes' keys), as people call it.
WATCH_DETAILS = {
    "account_id": _("Permanent account id"),
    "handle": _("Handle"),
    "display_name": _("Name of the account"),
    "text": _("Profile text"),
}
# Why a check failed (registry.watch.fetch.FetchError's kinds); the technical detail follows.
WATCH_FAILURES = {
    "refused": _("The registry refused the address (not a public one)."),
    "unreachable": _("The platform could not be reached."),
    "timeout": _("The platform took too long to answer."),
    "too_big": _("The platform's answer was too large."),
    "redirect": _("The platform sent the registry to another site."),
    "rate_limited": _("The platform asked the registry to wait."),
    "server_error": _("The platform answered with a server error."),
    "bad_answer": _("The platform's answer could not be read."),
}


def labelled(label: str, value: str) -> str:
    """ "Label: value", as the reader's language writes it (French: a no-break space first)."""
    return gettext("%(label)s: %(value)s") % {"label": label, "value": value}


def language_names(codes) -> str:
    """["lb", "fr"] -> "Lëtzebuergesch, français" (each language in the reader's words)."""
    names = []
    for code in codes or []:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return ", ".join(names)


def change_value(value, field: str = "") -> str:
    """A value as a change kept it: a list of languages by their names, any list as words."""
    if isinstance(value, list | tuple):
        return language_names(value) if field == "languages" else ", ".join(map(str, value))
    return "" if value is None else str(value)


def changes_in_words(changes: dict) -> list[str]:
    """An EntryChange's {field: [before, after]} as "Functional e-mail: a → b" lines."""
    return [
        labelled(
            field_label(name),
            f"{change_value(pair[0], name) or '—'} → {change_value(pair[1], name) or '—'}",
        )
        for name, pair in (changes or {}).items()
    ]


def checklist_in_words(rows: list[dict]) -> list[str]:
    """A decision's checklist as answered, "Label: Meets (note)", in the reader's language."""
    lines = []
    for row in rows or []:
        answer = Answer(row["answer"]).label if row.get("answer") in Answer.values else ""
        note = f" ({row['note']})" if row.get("note") else ""
        lines.append(labelled(in_language(row.get("label")) or row.get("code", ""), answer + note))
    return lines


def in_language(texts) -> str:
    """A text kept in each language ({"lb": …, "fr": …}), in the reader's; else French (what the
    register kept before it spoke Luxembourgish)."""
    if not isinstance(texts, dict):
        return str(texts or "")
    return texts.get((get_language() or "fr")[:2]) or texts.get("fr", "")


def watch_detail(name: str) -> str:
    return str(WATCH_DETAILS.get(name, name))


def watch_failure(error: str) -> tuple[str, str]:
    """A failed check's stored "kind: detail" as a sentence, and the detail kept as it came
    (the platform's or the network's own words, shown as such)."""
    kind, _sep, detail = (error or "").partition(": ")
    if kind in WATCH_FAILURES:
        return str(WATCH_FAILURES[kind]), detail
    return "", error
