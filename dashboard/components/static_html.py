"""Render a tree of dash.html components as static HTML (for the meeting pack).

The pack reuses the very components the pages show, so screen, print and PDF agree.
Every text node and attribute value is escaped: data text stays text. Graphs become
images through `graph_image`; any other non-html component keeps only its children.
Links out become text (`link_as_text`); a link within the document (`#anchor`, the
pack's contents) stays a link.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from dash import dcc

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}
# Dash prop -> HTML attribute; anything not listed (and not data-*/aria-*) is dropped.
ATTRIBUTES = {
    "className": "class", "id": "id", "title": "title", "href": "href", "role": "role",
    "scope": "scope", "colSpan": "colspan", "rowSpan": "rowspan", "htmlFor": "for",
    "lang": "lang", "alt": "alt", "src": "src", "style": "style",
}


_CAMEL = re.compile(r"(?<!^)([A-Z])")


def _style(style: dict) -> str:
    return "; ".join(_CAMEL.sub(r"-\1", k).lower() + f": {v}" for k, v in style.items())


def _attributes(props: dict, link_as_text: bool) -> str:
    out = []
    # Dash keeps data-*/aria-* props in no fixed order: sort them so output is stable.
    # (a stable sort: other props keep their order and come first)
    ordered = sorted(props.items(),
                     key=lambda kv: kv[0] if kv[0].startswith(("data-", "aria-")) else "")
    for key, value in ordered:
        if key == "children" or value is None or value is False:
            continue
        if key.startswith(("data-", "aria-")):
            name = key
        elif key in ATTRIBUTES:
            name = ATTRIBUTES[key]
        else:
            continue
        if name == "id" and not isinstance(value, str):
            continue  # pattern-matching ids mean nothing outside Dash
        if name == "href" and link_as_text and not _internal(value):
            continue
        if name == "style" and isinstance(value, dict):
            value = _style(value)
        out.append(f' {name}="{escape(str(value), quote=True)}"')
    return "".join(out)


def _internal(href) -> bool:
    return isinstance(href, str) and href.startswith("#")


def render_html(node, graph_image: Callable[[dcc.Graph], str] | None = None,
                link_as_text: bool = True) -> str:
    """HTML text of a component tree. graph_image(graph) returns the markup standing for
    a dcc.Graph (escaped by the caller); links become plain text when link_as_text."""
    if node is None or node is False:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(render_html(n, graph_image, link_as_text) for n in node)
    if isinstance(node, (str, int, float)):
        return escape(str(node))
    if isinstance(node, dcc.Graph):
        return graph_image(node) if graph_image else ""
    data = node.to_plotly_json() if hasattr(node, "to_plotly_json") else None
    if not isinstance(data, dict):
        return escape(str(node))
    props = data.get("props", {})
    children = render_html(props.get("children"), graph_image, link_as_text)
    namespace, kind = data.get("namespace"), data.get("type", "")
    if namespace == "dash_html_components":
        tag = kind.lower()
    elif isinstance(node, dcc.Link):
        tag = "span" if link_as_text else "a"
    else:
        return children
    if tag == "a" and link_as_text and not _internal(props.get("href")):
        tag = "span"
    attrs = _attributes(props, link_as_text)
    if tag in VOID:
        return f"<{tag}{attrs}>"
    return f"<{tag}{attrs}>{children}</{tag}>"
