"""Cross-cutting helpers shared by the apps (optimistic locking, view and form helpers)."""
