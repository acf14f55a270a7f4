"""The school this database belongs to (a 中心校 may add its village schools as branches)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import School

if TYPE_CHECKING:
    from yanxiu_desktop.domain.policy import Policy

DEFAULT_SCHOOL_NAME = "本校"
# The main school's id (what ``current_school`` finds) as raw SQL, for readers that skip peewee's query
# building on a hot path.
MAIN_SCHOOL_ID_SQL = "(SELECT id FROM school WHERE parent_id IS NULL ORDER BY id LIMIT 1)"


def current_school() -> School:
    """The main school; created with a neutral name on first use (renamed in 学校与制度设置)."""
    school = School.select().where(School.parent.is_null()).order_by(School.id).first()
    if school is None:
        with transaction():
            school = School.create(name=DEFAULT_SCHOOL_NAME)
    return school


def rename_school(name: str, county: str = "") -> School:
    name = name.strip()
    if not name:
        raise ValidationError("学校名称不能为空")
    school = current_school()
    with transaction():
        school.name = name
        school.county = county.strip()
        school.save()
    return school


def save_settings(name: str, county: str, policy: Policy) -> None:
    """学校与制度设置 is saved as a whole: the name and the rules change together or not at all."""
    from yanxiu_desktop.domain.policy import save_policy

    policy.validate()
    with transaction():
        rename_school(name, county)
        save_policy(policy)
