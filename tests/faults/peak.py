# SPDX-License-Identifier: MIT
"""Run a command and write down the memory its processes took.

usage: peak.py REPORT CMD [ARG...]

Exits as CMD did (128+N when signal N ended it) and writes two lines to
REPORT, in KiB:

  largest N    the peak resident set of the largest single process of the
               tree: the kernel's own figure (getrusage of the children,
               GNU time's %M), exact, since every process of a build is
               waited for by its parent
  together N   the largest sum of the resident sets of the tree (CMD and
               every process below it) seen in samples every 10 ms; shared
               library pages count once per process, so it errs high
"""
import os
import resource
import subprocess
import sys
import time

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_kib(root):
    """The summed resident set of root and its descendants, in KiB."""
    parent, rss = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
            with open(f"/proc/{name}/statm") as f:
                pages = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone between the listing and the read
        pid = int(name)
        parent[pid] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[pid] = pages
    inside, total = {root}, 0
    # Parents may sort after their children: repeat until nothing is added.
    grew = True
    while grew:
        grew = False
        for pid, ppid in parent.items():
            if ppid in inside and pid not in inside:
                inside.add(pid)
                grew = True
    for pid in inside:
        total += rss.get(pid, 0)
    return total * PAGE_KIB


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    child = subprocess.Popen(sys.argv[2:])
    together = 0
    while child.poll() is None:
        together = max(together, tree_kib(child.pid))
        time.sleep(0.01)
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(sys.argv[1], "w") as f:
        f.write(f"largest {largest}\ntogether {together}\n")
    sys.exit(child.returncode if child.returncode >= 0 else 128 - child.returncode)


if __name__ == "__main__":
    main()
