"""Storage: Peewee + SQLite only. No rules here beyond what keeps data consistent."""
