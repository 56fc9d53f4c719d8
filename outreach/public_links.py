"""Connections the link check may open: to the public internet only.

The link check requests addresses coordinators typed in, from inside our network. Left
alone it would ask whatever they name (the cache at 127.0.0.1:6379, a cloud's metadata
service at 169.254.169.254, a neighbour on 10.0.0.0/8) and show what answered. So every
connection it makes, the first and each redirect's, resolves the host itself, refuses it
if any of its addresses is not public (loopback, private, link-local, reserved,
multicast), and connects to the address it checked: a name cannot resolve to a public
address for the check and to a private one for the connection.

`OUTREACH_LINK_CHECK_ALLOWED_NETWORKS` lists networks allowed all the same (the tests
put their local server's loopback there; production leaves it empty).
"""

import http.client
import ipaddress
import socket
import urllib.request

from django.conf import settings


class NotPublicAddress(OSError):
    """The link names a host whose address is not on the public internet."""


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    allowed = settings.OUTREACH_LINK_CHECK_ALLOWED_NETWORKS
    if any(address in ipaddress.ip_network(network) for network in allowed):
        return True
    return address.is_global and not address.is_multicast


def public_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """`socket.create_connection`, to an address `_allowed` only."""
    host, port = address
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_kind, sockaddr in found:
        if not _allowed(ipaddress.ip_address(sockaddr[0].split("%")[0])):
            raise NotPublicAddress(f"{host} is not a public address")
    family, kind, protocol, _name, sockaddr = found[0]
    sock = socket.socket(family, kind, protocol)
    try:
        if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
            sock.settimeout(timeout)
        if source_address:
            sock.bind(source_address)
        sock.connect(sockaddr)
    except OSError:
        sock.close()
        raise
    return sock


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = public_connection


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = public_connection


class PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)
