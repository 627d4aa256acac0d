"""The reinforcing-link analysis of `regime-lens analyze`, written with networkx, as a researcher
would script it: for the whole-process comparison in benches/networkx-compare.sh.

    python3 benches/networkx_analysis.py TABLE.csv > out.json

Reads an action table (id, actor, period, symbolic, triggers; triggers split on ";"), and prints
as compact JSON what `regime-lens analyze` prints about the links: the reinforcing links (X and Y
symbolic of different kinds, Y reachable from X through substantive actions only), their count,
the longest chain's length in actions and how many chains have it, and links counted per pair of
periods and of actor groups. Link count and longest length go to standard error as a check.
"""
import csv
import json
import sys
from collections import Counter

import networkx as nx


def main(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    kind = {r["id"]: (r.get("symbolic") or "").strip().lower() for r in rows}
    period = {r["id"]: r["period"] for r in rows}
    actor = {r["id"]: r["actor"] for r in rows}
    graph = nx.DiGraph()
    graph.add_nodes_from(kind)
    for r in rows:
        for t in (r.get("triggers") or "").split(";"):
            t = t.strip()
            if t and t in kind and t != r["id"]:
                graph.add_edge(t, r["id"])
    symbolic = [v for v in graph if kind[v] in ("conformity", "advocacy")]
    # Paths may pass through substantive actions only: drop the edges out of symbolic ones.
    through = graph.copy()
    through.remove_edges_from([(v, w) for v in symbolic for w in graph.successors(v)])
    links = []
    for x in symbolic:
        reached = set()
        for s in graph.successors(x):
            reached.add(s)
            reached |= nx.descendants(through, s)
        links.extend((x, y) for y in reached if kind[y] in ("conformity", "advocacy") and kind[y] != kind[x])
    chains = nx.DiGraph(links)
    longest = nx.dag_longest_path_length(chains) + 1 if links else 0
    # Number of longest chains: paths of the longest length, counted by dynamic programming.
    length, count = {}, {}
    for v in reversed(list(nx.topological_sort(chains))):
        best, ways = 1, 1
        for w in chains.successors(v):
            if length[w] + 1 > best:
                best, ways = length[w] + 1, count[w]
            elif length[w] + 1 == best:
                ways += count[w]
        length[v], count[v] = best, ways if best > 1 else 1
    longest_count = sum(count[v] for v in chains if length[v] == longest)
    by_period = Counter((period[x], period[y]) for x, y in links)
    by_actor = Counter((actor[x], actor[y]) for x, y in links)
    out = {
        "reinforcing_link_count": len(links),
        "reinforcing_links": sorted(links),
        "longest_chain_length": longest,
        "longest_chain_count": longest_count,
        "links_by_period": [{"from": a, "to": b, "links": n} for (a, b), n in sorted(by_period.items())],
        "links_by_actor": [{"from": a, "to": b, "links": n} for (a, b), n in sorted(by_actor.items())],
    }
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
    print(f"{len(links)} links, longest chain {longest} actions", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
