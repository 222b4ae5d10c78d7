#!/usr/bin/env python3
"""Page weight of a built oko site: the heaviest school page, the region pages, and what the
inline SVG charts cost on each. Prints figures; asserts nothing.

Usage: python3 bench/page_weight.py [SITE_DIR]
"""
import pathlib
import re
import sys

site = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "site")
svg = re.compile(rb"<svg.*?</svg>", re.S)


def weigh(path):
    data = path.read_bytes()
    charts = svg.findall(data)
    return len(data), len(charts), sum(len(c) for c in charts)


def report(label, path):
    total, n, chart_bytes = weigh(path)
    print(f"{label:<34} {total / 1024:8.1f} KB  {n:3d} charts  {chart_bytes / 1024:7.1f} KB in charts  {path.relative_to(site)}")


schools = sorted(site.glob("school/*/index.html"), key=lambda p: p.stat().st_size)
if schools:
    report("heaviest school page (limit 300 KB)", schools[-1])
    report("lightest school page", schools[0])
for region in sorted(site.glob("region/*/index.html")):
    report("region page (limit 500 KB)", region)
munis = sorted(site.glob("municipality/*/index.html"), key=lambda p: p.stat().st_size)
if munis:
    report("heaviest municipality page", munis[-1])
total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
print(f"{'whole site':<34} {total / 1024:8.1f} KB  {sum(1 for p in site.rglob('*') if p.is_file())} files")
