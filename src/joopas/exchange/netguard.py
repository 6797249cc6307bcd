"""Where a webhook may point (issue 10, SSRF): public addresses on the allowed ports, checked after DNS resolution.

The check runs twice: when a main user saves the address (`check_url`, early feedback: a 422 naming
`webhook_url`) and when the delivery worker connects (`resolve_url`): the name is resolved once, every
address it resolves to must be allowed, and the connection goes to the checked address (the transport
pins it and keeps the name for `Host` and TLS SNI), so a second resolution (DNS rebinding) cannot lead
elsewhere.

Refused: loopback, private, link-local, multicast, reserved, unspecified and other non-global
addresses (IPv4-mapped IPv6 addresses are judged by their IPv4 address), and ports other than
`EXCHANGE_WEBHOOK_PORTS` (443 and 8443 by default), and plain http unless `EXCHANGE_WEBHOOK_ALLOW_HTTP`.
`EXCHANGE_WEBHOOK_ALLOW_LOOPBACK` (tests and the demo only) allows loopback addresses, on any port and
over http.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_PORTS = (443, 8443)

# Short, generic failure reasons: the only thing a sender ever learns about the receiver's side.
NOT_ALLOWED = "address not allowed"
PORT_NOT_ALLOWED = "port not allowed"
NOT_RESOLVED = "address not resolved"
BAD_ADDRESS = "invalid address"
HTTP_NOT_ALLOWED = "https required"


def allow_loopback() -> bool:
    return bool(getattr(settings, "EXCHANGE_WEBHOOK_ALLOW_LOOPBACK", False))


def allow_http() -> bool:
    """Plain http to any allowed address (local testing only); loopback-allowed set-ups use http on loopback."""
    return bool(getattr(settings, "EXCHANGE_WEBHOOK_ALLOW_HTTP", False))


def allowed_ports() -> tuple[int, ...]:
    return tuple(int(p) for p in getattr(settings, "EXCHANGE_WEBHOOK_PORTS", DEFAULT_PORTS))


def literal(host: str) -> list[str] | None:
    """[host] when it is an IP address literal, else None."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        return None


def _getaddrinfo(host: str, port: int) -> list[str]:
    """The addresses a name resolves to (every family), or [] when it does not resolve. Patched by tests."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def resolve(host: str, port: int) -> list[str]:
    return literal(host) or _getaddrinfo(host, port)


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The address itself and every IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64)."""
    out: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            out.append(ip.ipv4_mapped)
        if ip.sixtofour:
            out.append(ip.sixtofour)
        if ip.teredo:
            out.extend(ip.teredo)
        if ip in _NAT64:
            out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return out


def is_loopback(address: str) -> bool:
    return any(ip.is_loopback for ip in _embedded(ipaddress.ip_address(address)))


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return False
    return ip.is_global


def address_allowed(address: str) -> bool:
    """A public unicast address; loopback too when `EXCHANGE_WEBHOOK_ALLOW_LOOPBACK` is on."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    inner = _embedded(ip)
    if any(i.is_loopback for i in inner):
        return allow_loopback() and all(i.is_loopback for i in inner[1:] or inner)
    # an IPv4-mapped address is judged by its IPv4 address; every other one by itself and what it carries
    return all(_public(i) for i in inner[1:]) and (_public(ip) or getattr(ip, "ipv4_mapped", None) is not None)


@dataclass(frozen=True)
class Target:
    """A checked webhook address: connect to `address`, name the host `host` (Host header, SNI)."""

    scheme: str
    host: str
    port: int
    address: str


class Refused(Exception):
    """The address may not be used; `reason` is one of the short reasons above."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _split(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(BAD_ADDRESS) from exc
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in ("https", "http") or not host or parts.username or parts.password:
        raise Refused(BAD_ADDRESS)
    return scheme, host, port or (443 if scheme == "https" else 80)


def _check(scheme: str, host: str, port: int, addresses: list[str]) -> str:
    """The address to connect to, after checking every one the name resolved to."""
    if not all(address_allowed(a) for a in addresses):
        raise Refused(NOT_ALLOWED)
    if scheme == "http" and not allow_http() and not (allow_loopback() and all(is_loopback(a) for a in addresses)):
        raise Refused(HTTP_NOT_ALLOWED)
    if port not in allowed_ports() and not all(is_loopback(a) for a in addresses):
        raise Refused(PORT_NOT_ALLOWED)
    return addresses[0]


def check_url(url: str) -> None:
    """On save. A name that does not resolve now is accepted (the worker checks again at each connection);
    one that resolves to any address that is not allowed, or a port that is not allowed, is refused."""
    scheme, host, port = _split(url)
    addresses = resolve(host, port)
    if not addresses:
        if scheme == "http" and not allow_http():
            raise Refused(HTTP_NOT_ALLOWED)
        if port not in allowed_ports():
            raise Refused(PORT_NOT_ALLOWED)
        return
    _check(scheme, host, port, addresses)


def resolve_url(url: str) -> Target:
    """At connect time: resolve once, check every address, return the one to connect to."""
    scheme, host, port = _split(url)
    addresses = resolve(host, port)
    if not addresses:
        raise Refused(NOT_RESOLVED)
    return Target(scheme, host, port, _check(scheme, host, port, addresses))
