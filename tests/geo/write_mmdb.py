"""Writes a small country database in the MaxMind DB format, with MaxMind's own record shape
(`country.iso_code`), for the tests of items limited to some countries.

    python3 write_mmdb.py OUT.mmdb 81.2.69.0/24=FR 2.125.160.0/24=GB …
"""

import sys

from mmdb_writer import MMDBWriter
from netaddr import IPSet


def main() -> None:
    out, pairs = sys.argv[1], sys.argv[2:]
    # An IPv6 tree that holds IPv4 networks where GeoLite2 does (`::a.b.c.d`), as Reel reads it.
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-Country", description="Reel test countries")
    for pair in pairs:
        network, code = pair.split("=")
        writer.insert_network(IPSet([network]), {"country": {"iso_code": code, "names": {"en": code}}})
    writer.to_db_file(out)


if __name__ == "__main__":
    main()
