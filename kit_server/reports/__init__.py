"""Usage reports the programme can trust: aggregates only, small cells hidden, signed bundles.

Nothing in here ever writes a name, a username, free text or a per-student row into a report;
see README.md in this folder for every indicator and every rule.
"""
