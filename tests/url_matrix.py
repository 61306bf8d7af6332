"""Helpers for the URL x role matrix: walk the URLconf and compare it with the declared matrix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "staff_a", "lead_a", "coordination", "ministry", "admin")
ADMIN_NAMESPACE = "admin"


@dataclass(frozen=True)
class UrlEntry:
    name: str  # "namespace:name", or "<unnamed …>" for a pattern without a name
    route: str
    kwargs: tuple[str, ...]
    positional: int = 0  # unnamed regex groups (some third-party admin views use them)

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""


@dataclass
class Case:
    """One request and what each role gets. ``kwargs`` builds URL arguments from the world."""

    expect: dict[str, int]
    kwargs: Callable[[Any], dict] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    label: str = ""
    public: bool = False  # open without login: a redirect is the page's own, not to login


def expect(anonymous, staff_a, lead_a, coordination, ministry, admin) -> dict[str, int]:
    return dict(
        zip(ROLES, (anonymous, staff_a, lead_a, coordination, ministry, admin), strict=True)
    )


def iter_urls(urlconf: str | None = None) -> list[UrlEntry]:
    """Every pattern of the URLconf, with its namespaced name and argument names."""
    found: list[UrlEntry] = []

    def walk(patterns: Iterable, namespaces: tuple[str, ...], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                walk(pattern.url_patterns, ns, route)
            elif isinstance(pattern, URLPattern):
                ns = ":".join(namespaces)
                if pattern.name:
                    name = f"{ns}:{pattern.name}" if ns else pattern.name
                else:
                    name = f"{ns + ':' if ns else ''}<unnamed {route}>"
                regex = pattern.pattern.regex
                kwargs = tuple(regex.groupindex)
                positional = regex.groups - len(kwargs)
                found.append(UrlEntry(name=name, route=route, kwargs=kwargs, positional=positional))

    walk(get_resolver(urlconf).url_patterns, (), "")
    return found


def unlisted(entries: Iterable[UrlEntry], matrix: dict[str, list[Case]]) -> list[str]:
    """Names of URLs that the matrix does not cover. The admin is covered as a whole."""
    return sorted(
        {
            entry.name
            for entry in entries
            if entry.name not in matrix and entry.namespace != ADMIN_NAMESPACE
        }
    )
