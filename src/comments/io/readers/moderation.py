"""The note a site shows a comment's author while the comment waits for moderation, one list
for the HTML and the plain-text readers (WordPress core and themes, English and German): no
words of the comment, but its status ``pending``. Why one list: the two paths knew different
forms ("awaiting approval", "wartet auf Freigabe") and read the same page differently."""

from __future__ import annotations

import re

#: A whole note (``fullmatch`` a line or paragraph), with WordPress's preview sentence after it.
NOTE = re.compile(r"(?:Your comment is awaiting (?:moderation|approval)|(?:(?:Dein|Ihr) )?Kommentar "
                  r"(?:wartet auf (?:die )?(?:Freischaltung|Moderation|Freigabe)|muss noch freigegeben werden))\.?"
                  r"(?:\s+This is a preview[^\n]{0,120})?", re.I)
