"""Scheduler wiring: build_scheduler() and thin tasks that call domain services."""
