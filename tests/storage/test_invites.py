"""Invites: unique readable codes, and `check_invite`: every problem it names, at every
boundary (the first and last day, the expiry moment, the last use)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.store import CODE_ALPHABET, CODE_LENGTH, InviteProblem, Store
from tests.storage.conftest import AT, ENDS, EXPIRES, STARTS, StoreWorld


async def test_invite_codes_are_unique_and_readable(world: StoreWorld) -> None:
    invites = await world.store.create_invites(
        world.round_id, "naaste", 200, EXPIRES, world.linde, max_uses=2, kind="survey"
    )
    codes = [invite.code for invite in invites]
    assert len(set(codes)) == 200
    assert all(len(code) == CODE_LENGTH == 12 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set(CODE_ALPHABET) & set("01ilo")  # nothing to mix up when typed over
    first = invites[0]
    assert (first.role, first.location_name, first.max_uses, first.uses) == (
        "naaste",
        "De Linde",
        2,
        0,
    )
    assert await world.store.get_invite(first.code) == first
    assert await world.store.list_invites(world.round_id) == invites


async def test_check_invite_accepts_a_good_code(world: StoreWorld) -> None:
    code = await world.code()
    check = await world.store.check_invite(code, AT)
    assert check.problem is None
    assert check.invite is not None and check.invite.code == code
    assert check.round is not None and check.round.id == world.round_id


async def test_check_invite_names_every_problem(world: StoreWorld) -> None:
    store = world.store
    assert (await store.check_invite("onbekendecode", AT)).problem is InviteProblem.UNKNOWN

    code = await world.code()
    assert (await store.check_invite(code, EXPIRES + timedelta(seconds=1))).problem is (
        InviteProblem.EXPIRED
    )
    assert (await store.check_invite(code, datetime(2026, 2, 28, tzinfo=UTC))).problem is (
        InviteProblem.ROUND_NOT_STARTED
    )
    assert (await store.check_invite(code, datetime(2026, 5, 1, tzinfo=UTC))).problem is (
        InviteProblem.ROUND_CLOSED
    )

    used = await world.code(max_uses=1)
    await world.start(1, used)
    assert (await store.check_invite(used, AT)).problem is InviteProblem.USED_UP

    revoked = await world.code()
    assert await store.revoke_invite(revoked)
    assert not await store.revoke_invite(revoked)
    assert (await store.check_invite(revoked, AT)).problem is InviteProblem.REVOKED

    await store.close_round(world.round_id)
    assert (await store.check_invite(code, AT)).problem is InviteProblem.ROUND_CLOSED


async def test_boundaries(store: Store) -> None:
    round_ = await store.create_round("Voorjaar", 2026, STARTS, ENDS)
    expires = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)
    [two] = await store.create_invites(round_.id, "client", 1, expires, max_uses=2)
    [late] = await store.create_invites(round_.id, "client", 1, datetime(2026, 6, 1, tzinfo=UTC))

    async def problem(code: str, at: datetime) -> InviteProblem | None:
        check = await store.check_invite(code, at)
        assert check.invite is not None and check.invite.code == code
        assert check.round == round_
        return check.problem

    first_day = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
    assert await problem(two.code, first_day) is None
    assert (
        await problem(two.code, first_day - timedelta(seconds=1)) is InviteProblem.ROUND_NOT_STARTED
    )
    assert await problem(two.code, expires) is None  # valid up to and including its moment
    assert await problem(two.code, expires + timedelta(seconds=1)) is InviteProblem.EXPIRED
    last_day = datetime(2026, 4, 30, 23, 59, tzinfo=UTC)
    assert await problem(late.code, last_day) is None
    assert await problem(late.code, last_day + timedelta(minutes=1)) is InviteProblem.ROUND_CLOSED
    # Uses: one of two used leaves one; both used is used up; unlimited never runs out.
    await store.conn.execute("UPDATE invites SET uses = 1 WHERE id = ?", (two.id,))
    assert await problem(two.code, first_day) is None
    await store.conn.execute("UPDATE invites SET uses = 2 WHERE id = ?", (two.id,))
    assert await problem(two.code, first_day) is InviteProblem.USED_UP
    [team] = await store.create_invites(round_.id, "client", 1, expires, max_uses=None)
    await store.conn.execute("UPDATE invites SET uses = 500 WHERE id = ?", (team.id,))
    assert await problem(team.code, first_day) is None
    # Revoked beats everything else; a closed round beats expiry and uses.
    assert await store.revoke_invite(late.code) and not await store.revoke_invite(late.code)
    assert await problem(late.code, first_day) is InviteProblem.REVOKED
    await store.close_round(round_.id)
    round_ = await store.get_round(round_.id)  # type: ignore[assignment]
    assert await problem(two.code, first_day) is InviteProblem.ROUND_CLOSED
    unknown = await store.check_invite("zzzzzzzzzzzz", first_day)
    assert (unknown.invite, unknown.problem, unknown.round) == (None, InviteProblem.UNKNOWN, None)
    # Without a moment: now (the round is closed now).
    assert (await store.check_invite(team.code)).problem is InviteProblem.ROUND_CLOSED


async def test_a_reflection_invite_lives_after_its_round(store: Store) -> None:
    """The reflection round comes after the round: its invite is checked on its own expiry and
    uses only, at the same boundaries as any invite."""
    round_ = await store.create_round("Voorjaar", 2026, STARTS, ENDS)
    await store.close_round(round_.id)
    expires = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    [team] = await store.create_invites(
        round_.id, "team", 1, expires, max_uses=2, kind="reflection"
    )
    after = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # the round closed a month ago
    before = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)  # nor does its start count

    async def problem(at: datetime) -> InviteProblem | None:
        return (await store.check_invite(team.code, at)).problem

    assert await problem(after) is None and await problem(before) is None
    assert await problem(expires) is None  # valid up to and including its moment
    assert await problem(expires + timedelta(seconds=1)) is InviteProblem.EXPIRED
    await store.conn.execute("UPDATE invites SET uses = 1 WHERE id = ?", (team.id,))
    assert await problem(after) is None
    await store.conn.execute("UPDATE invites SET uses = 2 WHERE id = ?", (team.id,))
    assert await problem(after) is InviteProblem.USED_UP
    assert await problem(expires + timedelta(days=1)) is InviteProblem.EXPIRED  # expiry first
    assert await store.revoke_invite(team.code)
    assert await problem(after) is InviteProblem.REVOKED
