"""The one rate-limit check for anonymous and public writes, called by the API endpoint and the web
view that take them (today: a comment on a consultation round).

Who is counted, and against which setting:

- an anonymous writer, per client address: ``HOINHAP_RATE_ANONYMOUS`` (20 writes per 600 s);
- a signed-in account, per account: ``HOINHAP_RATE_ACCOUNT`` (60/600), and per client address over all
  signed-in accounts: ``HOINHAP_RATE_ACCOUNT_ADDRESS`` (300/600), so many accounts on one address
  cannot multiply the limit, while an office behind one address (NAT) is not held to one account's
  budget (nor to the anonymous one: the two address counters are apart);
- an account with the "intake" role (a channel forwarding many citizens' comments), per account only,
  with its own higher limit ``HOINHAP_RATE_INTAKE`` (600/600).

The client's address is the peer's (``REMOTE_ADDR``) unless the peer is one of
``HOINHAP_TRUSTED_PROXIES``: then it is the right-most ``X-Forwarded-For`` hop that is not a trusted
proxy (the left part of the header is written by the client and proves nothing). IPv6 addresses count
per /64, the block one host or household gets. ``HOINHAP_RATE_LIMITS=off`` turns the limits off."""

from __future__ import annotations

import ipaddress
import logging
import math
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext

from hoinhap.core.errors import RateLimited
from hoinhap.core.models import Membership, User
from hoinhap.throttle.limiter import Hit, Rate, hit

log = logging.getLogger(__name__)
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
INTAKE_ROLE = "intake"  # core.Membership.Role.INTAKE


def public_write(request: HttpRequest, user: User | None) -> Hit | None:
    """Count this write; raise ``RateLimited`` (429, ``details["retry_after"]``) over the limit."""
    if str(getattr(settings, "HOINHAP_RATE_LIMITS", "on")).lower() in ("off", "0", "false", "no"):
        return None
    if user is None or not user.pk:
        counted = hit("address", client_address(request), _rate("HOINHAP_RATE_ANONYMOUS", "20/600"))
    elif Membership.objects.filter(user=user, role=INTAKE_ROLE).exists():
        counted = hit("intake", str(user.pk), _rate("HOINHAP_RATE_INTAKE", "600/600"))
    else:
        counted = hit("account", str(user.pk), _rate("HOINHAP_RATE_ACCOUNT", "60/600"))
        if counted.allowed:  # and per address: many accounts on one address are one sender too
            counted = hit("account-address", client_address(request),
                          _rate("HOINHAP_RATE_ACCOUNT_ADDRESS", "300/600"))
    if not counted.allowed:
        log.warning("rate limit: %s writes of %s allowed in %s s", counted.hits, counted.rate.count,
                    counted.rate.seconds)
        minutes = math.ceil(counted.retry_after / 60)
        raise RateLimited(gettext("Too many submissions in a short time. Please try again in %(minutes)s minutes.")
                          % {"minutes": minutes}, retry_after=counted.retry_after)
    return counted


def _rate(setting: str, default: str) -> Rate:
    return Rate.parse(str(getattr(settings, setting, default)), setting)


def client_address(request: HttpRequest) -> str:
    """The address to count a request against (see the module's documentation)."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    proxies = trusted_proxies(str(getattr(settings, "HOINHAP_TRUSTED_PROXIES", "") or ""))
    if not proxies or not _is_trusted(peer, proxies):
        return _counted_as(peer)
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, proxies):
            return _counted_as(hop)
    return _counted_as(hops[0] if hops else peer)  # every hop a proxy of ours: the first one asked


@lru_cache(maxsize=8)
def trusted_proxies(value: str) -> tuple[IPNetwork, ...]:
    """``HOINHAP_TRUSTED_PROXIES``: addresses or networks, comma-separated ("10.0.0.0/8, ::1")."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"HOINHAP_TRUSTED_PROXIES: {item!r} is not an address or network") from error
    return tuple(networks)


def _parse(value: str) -> IPAddress | None:
    """An address, as a proxy may write it: "203.0.113.5", "203.0.113.5:4711", "[2001:db8::1]:4711"."""
    text = value.strip()
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(value: str, proxies: tuple[IPNetwork, ...]) -> bool:
    address = _parse(value)
    return address is not None and any(address in network for network in proxies)


def _counted_as(value: str) -> str:
    address = _parse(value)
    if address is None:
        return value.strip()[:64] or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
