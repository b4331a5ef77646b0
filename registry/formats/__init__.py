"""Each interface language's one way of writing dates (FORMAT_MODULE_PATH): the same format for
a date in a sentence, in a table, in an e-mail and in the admin, so that a page never shows
"03.12.2026" beside "3 décembre 2026". Numbers and input formats stay Django's."""
