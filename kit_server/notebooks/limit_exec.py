"""Put this process in the student's cgroups, lower its limits, then become the sandbox (exec).

The kit starts every student server as `python -I -S limit_exec.py '<json>' bwrap ...`. Doing this in a
program of its own, not in `preexec_fn`, is safe although the kit has many threads; and because
exec keeps the pid, bwrap is still the kit's child (its --die-with-parent still works).
Imports only the standard library: it runs before anything of the kit could be loaded.
"""

import json
import os
import resource
import sys


def main(argv: list[str]) -> None:
    spec = json.loads(argv[1])
    for procs in spec.get("cgroups", []):
        with open(procs, "w", encoding="ascii") as f:  # failing here fails the start: no silent no-limit
            f.write(str(os.getpid()))
    for name, value in spec.get("rlimits", {}).items():
        limit = getattr(resource, name)
        hard = resource.getrlimit(limit)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(limit, (value, value))  # soft = hard: the student cannot raise it again
    os.execv(argv[2], argv[2:])


if __name__ == "__main__":
    main(sys.argv)
