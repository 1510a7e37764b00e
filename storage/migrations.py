"""Ordered schema migrations. Never edit a released step: append a new one."""

from __future__ import annotations

# Step N brings a database from user_version N to N + 1.
MIGRATIONS: tuple[str, ...] = (
    # 1: the core model.
    """
    CREATE TABLE rounds (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        report_year INTEGER NOT NULL,
        starts_on   TEXT NOT NULL,
        ends_on     TEXT NOT NULL,
        closed_at   TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE locations (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE invites (
        id          INTEGER PRIMARY KEY,
        code        TEXT NOT NULL UNIQUE,
        round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        role        TEXT NOT NULL,
        location_id INTEGER REFERENCES locations(id),
        max_uses    INTEGER,          -- NULL: a team code without a limit
        uses        INTEGER NOT NULL DEFAULT 0,
        expires_at  TEXT NOT NULL,
        revoked_at  TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX invites_round ON invites(round_id, role, location_id);
    -- Pseudonymous: nothing here identifies a person.
    CREATE TABLE participants (
        id             INTEGER PRIMARY KEY,
        pseudonym      TEXT NOT NULL UNIQUE,
        language       TEXT NOT NULL DEFAULT 'nl',
        reminders_off  INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL
    );
    -- Kept apart so the messaging id can be deleted on its own.
    CREATE TABLE messaging_links (
        participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
        channel        TEXT NOT NULL DEFAULT 'telegram',
        chat_id        INTEGER NOT NULL UNIQUE,
        created_at     TEXT NOT NULL
    );
    CREATE TABLE consents (
        id             INTEGER PRIMARY KEY,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        round_id       INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        text_version   TEXT NOT NULL,
        given_at       TEXT NOT NULL
    );
    CREATE TABLE responses (
        id                    INTEGER PRIMARY KEY,
        participant_id        INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        round_id              INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        invite_id             INTEGER REFERENCES invites(id) ON DELETE SET NULL,
        role                  TEXT NOT NULL,
        location_id           INTEGER REFERENCES locations(id),
        questionnaire_id      TEXT NOT NULL,
        questionnaire_version TEXT NOT NULL,
        status                TEXT NOT NULL DEFAULT 'in_progress'
                              CHECK (status IN ('in_progress', 'submitted')),
        current_question      TEXT,
        reminders_sent        INTEGER NOT NULL DEFAULT 0,
        started_at            TEXT NOT NULL,
        updated_at            TEXT NOT NULL,
        submitted_at          TEXT
    );
    CREATE INDEX responses_round ON responses(round_id, role, location_id, status);
    CREATE INDEX responses_participant ON responses(participant_id, status);
    CREATE TABLE answers (
        response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        value       TEXT,              -- JSON; NULL when skipped or an info screen
        skipped     INTEGER NOT NULL DEFAULT 0,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (response_id, question_id)
    ) WITHOUT ROWID;
    CREATE INDEX answers_question ON answers(question_id, value);
    CREATE TABLE contributions (
        id            INTEGER PRIMARY KEY,
        response_id   INTEGER REFERENCES responses(id) ON DELETE CASCADE,
        round_id      INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        location_id   INTEGER REFERENCES locations(id),
        occurred_on   TEXT NOT NULL,
        kind          TEXT NOT NULL,
        with_whom     TEXT NOT NULL DEFAULT '[]',
        people_reached INTEGER,
        pillar        TEXT,
        yielded       TEXT,
        obstacles     TEXT,
        created_at    TEXT NOT NULL
    );
    CREATE INDEX contributions_round ON contributions(round_id);
    -- Free text reaches a report only through an approved row here.
    CREATE TABLE quotes (
        response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('approved', 'rejected')),
        text        TEXT NOT NULL,
        reviewed_by TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        PRIMARY KEY (response_id, question_id)
    );
    CREATE TABLE audit_log (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}'
    );
    """,
    # 2: when client experiences were last measured; reminder times; invites for the
    # contribution log.
    """
    ALTER TABLE rounds ADD COLUMN client_experience_note TEXT;
    ALTER TABLE responses ADD COLUMN last_reminder_at TEXT;
    -- 'survey', or 'contribution' for a peer expert's repeated contribution log.
    ALTER TABLE invites ADD COLUMN kind TEXT NOT NULL DEFAULT 'survey';
    """,
    # 3: the web form. A browser is known by the SHA-256 of its session cookie, another device
    # by a personal resume token (hashed too); both go when the participant is erased.
    """
    CREATE TABLE web_sessions (
        id             INTEGER PRIMARY KEY,
        token_hash     TEXT NOT NULL UNIQUE,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        created_at     TEXT NOT NULL,
        seen_at        TEXT NOT NULL
    );
    CREATE INDEX web_sessions_participant ON web_sessions(participant_id);
    CREATE INDEX web_sessions_seen ON web_sessions(seen_at);
    CREATE TABLE resume_tokens (
        participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
        token_hash     TEXT NOT NULL UNIQUE,
        created_at     TEXT NOT NULL
    );
    """,
    # 4: the coordinator console. One-time login links and codes, and console sessions: only
    # the SHA-256 of each secret is kept.
    """
    CREATE TABLE console_logins (
        token_hash  TEXT PRIMARY KEY,
        coordinator TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL,
        used_at     TEXT
    );
    CREATE TABLE console_sessions (
        token_hash   TEXT PRIMARY KEY,
        coordinator  TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        seen_at      TEXT NOT NULL,
        ended_at     TEXT
    );
    """,
    # 5: every Telegram update the bot handled for a participant, so a second delivery (after
    # a crash, Telegram sends what the bot had not confirmed) changes nothing, and whether its
    # reply went out (one that did not leaves the person owed their question, also after a
    # restart). Written in the transaction of what the update changed; no chat id, no content.
    """
    CREATE TABLE handled_updates (
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        update_id      INTEGER NOT NULL,
        handled_at     TEXT NOT NULL,
        replied        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (participant_id, update_id)
    ) WITHOUT ROWID;
    CREATE INDEX handled_updates_owed ON handled_updates(participant_id) WHERE replied = 0;
    """,
    # 6: WhatsApp. A participant's WhatsApp number (a messaging identity like a Telegram chat id,
    # kept apart from answers, gone with erasure and retention) with when they last wrote (the
    # 24-hour window); and the messages handled, by the SHA-256 of Meta's message id (which
    # encodes the number), so a second delivery changes nothing, also after a restart, and a
    # reply that did not go out leaves the participant owed their question.
    """
    CREATE TABLE whatsapp_links (
        participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
        wa_id          TEXT NOT NULL UNIQUE,
        last_wrote_at  TEXT NOT NULL,
        unreachable    INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL
    );
    CREATE TABLE whatsapp_messages (
        id_hash        TEXT PRIMARY KEY,
        participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
        received_at    TEXT NOT NULL,
        replied        INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE INDEX whatsapp_messages_owed ON whatsapp_messages(participant_id) WHERE replied = 0;
    """,
    # 7: the channel a response was started on ('telegram', 'web', 'whatsapp'), for the report's
    # verantwoording. Browser sessions are dropped when idle and links after the retention
    # period, so the channel is kept with the response; older responses get it from the links.
    """
    ALTER TABLE responses ADD COLUMN channel TEXT;
    UPDATE responses SET channel = 'web' WHERE participant_id IN (
        SELECT participant_id FROM web_sessions UNION SELECT participant_id FROM resume_tokens);
    UPDATE responses SET channel = messaging_links.channel FROM messaging_links
        WHERE messaging_links.participant_id = responses.participant_id;
    UPDATE responses SET channel = 'whatsapp' WHERE participant_id IN (
        SELECT participant_id FROM whatsapp_links);
    """,
    # 8: the publication ledger. Every public output (report, ART part, public export) with
    # the figures it published per round (its own round and the previous one of the trend), so
    # the disclosure audit of a later output treats them as known. `figures` is the audit's
    # own JSON (report/ledger.py): the figures and the grouped counts they were made from.
    """
    CREATE TABLE publications (
        id           INTEGER PRIMARY KEY,
        round_id     INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        published_at TEXT NOT NULL,
        actor        TEXT NOT NULL,
        what         TEXT NOT NULL,
        formats      TEXT NOT NULL,
        interim      INTEGER NOT NULL
    );
    CREATE TABLE publication_figures (
        publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
        round_id       INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        figures        TEXT NOT NULL,
        PRIMARY KEY (publication_id, round_id)
    ) WITHOUT ROWID;
    CREATE INDEX publication_figures_round ON publication_figures(round_id);
    """,
    # 9: one record of the messages handled, for every messaging channel (storage/handled.py):
    # Telegram's handled_updates (5) and WhatsApp's whatsapp_messages (6) become
    # handled_deliveries, per participant and channel. `delivery` is the channel's id for it:
    # Telegram's update id as text, the SHA-256 of WhatsApp's message id (kept hashed). A
    # WhatsApp message of someone who was no participant (yet) is not kept: nothing it
    # changed could change twice (a second delivery is handled again, as on Telegram).
    """
    CREATE TABLE handled_deliveries (
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        channel        TEXT NOT NULL CHECK (channel IN ('telegram', 'whatsapp')),
        delivery       TEXT NOT NULL,
        handled_at     TEXT NOT NULL,
        replied        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (participant_id, channel, delivery)
    ) WITHOUT ROWID;
    CREATE INDEX handled_deliveries_owed ON handled_deliveries(channel, participant_id)
        WHERE replied = 0;
    INSERT INTO handled_deliveries (participant_id, channel, delivery, handled_at, replied)
        SELECT participant_id, 'telegram', CAST(update_id AS TEXT), handled_at, replied
        FROM handled_updates;
    INSERT INTO handled_deliveries (participant_id, channel, delivery, handled_at, replied)
        SELECT participant_id, 'whatsapp', id_hash, received_at, replied
        FROM whatsapp_messages WHERE participant_id IS NOT NULL;
    DROP TABLE handled_updates;
    DROP TABLE whatsapp_messages;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
