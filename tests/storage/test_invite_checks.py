"""check_invite at every boundary: the first and last day, the expiry moment, the last use."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from storage.store import InviteProblem, Store

STARTS, ENDS = date(2026, 3, 1), date(2026, 4, 30)
EXPIRES = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)


async def test_boundaries(store: Store) -> None:
    round_ = await store.create_round("Voorjaar", 2026, STARTS, ENDS)
    [two] = await store.create_invites(round_.id, "client", 1, EXPIRES, max_uses=2)
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
    assert await problem(two.code, EXPIRES) is None  # valid up to and including its moment
    assert await problem(two.code, EXPIRES + timedelta(seconds=1)) is InviteProblem.EXPIRED
    last_day = datetime(2026, 4, 30, 23, 59, tzinfo=UTC)
    assert await problem(late.code, last_day) is None
    assert await problem(late.code, last_day + timedelta(minutes=1)) is InviteProblem.ROUND_CLOSED
    # Uses: one of two used leaves one; both used is used up; unlimited never runs out.
    await store.conn.execute("UPDATE invites SET uses = 1 WHERE id = ?", (two.id,))
    assert await problem(two.code, first_day) is None
    await store.conn.execute("UPDATE invites SET uses = 2 WHERE id = ?", (two.id,))
    assert await problem(two.code, first_day) is InviteProblem.USED_UP
    [team] = await store.create_invites(round_.id, "client", 1, EXPIRES, max_uses=None)
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
