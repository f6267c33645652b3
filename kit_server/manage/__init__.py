"""Looking after a kit: backups and restores, health checks (`kit doctor`, /admin/health), and the
admin pages and commands for content packs (the packs themselves are in kit_server.packs)."""
