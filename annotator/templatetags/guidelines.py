"""Campaign guidelines are Markdown written by admins, rendered safely for every reviewer."""

from __future__ import annotations

from functools import lru_cache

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

register = template.Library()

# CommonMark with tables and strikethrough; raw HTML in the source is shown as text, not run.
_markdown = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

# What guidelines may contain once rendered (no style attributes: the CSP forbids them).
# nh3 also drops javascript: and data: links, which markdown-it already refuses: two
# independent locks on the same door.
_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


@lru_cache(maxsize=256)
def render_markdown(text: str) -> str:
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@register.filter
def markdown(text: str | None) -> SafeString:
    """``{{ campaign.guidelines|markdown }}``: the Markdown as safe, sanitised HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 -- sanitised by nh3 above
