"""End-to-end test: real processes, driven over HTTP (run by scripts/e2e)."""
