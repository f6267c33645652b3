"""Background jobs: long admin operations (pack install, backup, report build) run in a thread of
their own while the admin's browser watches their progress; other users are not held up."""
