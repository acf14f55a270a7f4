"""研修通 (yanxiu_desktop): school-based teacher training records for a 教导处, offline."""

__version__ = "0.1.0"
APP_NAME = "研修通"
