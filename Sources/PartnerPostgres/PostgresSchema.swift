/// The tables and the one function a workspace in PostgreSQL lives in. Several workspaces
/// may share a database; every row names its workspace.
///
/// Appending goes through `partnerdash_append`, a SECURITY DEFINER function, never an
/// INSERT: it takes the acting user as an argument, refuses one the connection's login
/// role is not mapped to (`partnerdash_role_users`), stores `session_user` beside the
/// record, and allows only the next sequence number, so two writers that decided on the
/// same state collide on the primary key (SQLSTATE 23505) instead of interleaving.
/// `partnerdash_append_after` is the same append for a writer that decided without any
/// lock: under the append lock it appends only at the tail the writer expected, and
/// otherwise returns the rows it missed (STORE.md › Appending, conflicts and retries).
/// Adding a function needs no new workspace version (readers are unchanged): `install`
/// creates it, and a database without it is written through the append lock as before.
/// NOTIFY carries only "<workspace> <sequence>"; listeners read the table from the last
/// sequence they saw, so a missed or merged notification loses nothing.
public enum PostgresSchema {
    /// The newest workspace version this program reads; a newer one is refused. Each
    /// workspace's row says what a reader must understand: 1, a journal from sequence 1;
    /// 2 (`baseRowVersion`), a journal that may begin with a base row
    /// (`PostgresJournalBase`), set when one is appended, so an older partnerdash refuses
    /// such a workspace as newer instead of as damaged.
    public static let version = 2
    /// What a new workspace is created as.
    public static let journalFromOneVersion = 1
    public static let baseRowVersion = 2

    public static let notifyChannel = "partnerdash_journal"

    public static let install = """
        CREATE TABLE IF NOT EXISTS partnerdash_workspaces (
            name text PRIMARY KEY,
            schema_version integer NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS partnerdash_journal (
            workspace text NOT NULL REFERENCES partnerdash_workspaces(name),
            sequence bigint NOT NULL CHECK (sequence > 0),
            record_type smallint NOT NULL,
            payload bytea NOT NULL,
            actor text NOT NULL,
            appended_by name NOT NULL,
            appended_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (workspace, sequence)
        );
        CREATE TABLE IF NOT EXISTS partnerdash_snapshots (
            workspace text NOT NULL REFERENCES partnerdash_workspaces(name),
            sequence bigint NOT NULL,
            payload bytea NOT NULL,
            written_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (workspace, sequence)
        );
        CREATE TABLE IF NOT EXISTS partnerdash_role_users (
            workspace text NOT NULL REFERENCES partnerdash_workspaces(name),
            role name NOT NULL,
            actor text NOT NULL,
            PRIMARY KEY (workspace, role, actor)
        );
        CREATE OR REPLACE FUNCTION partnerdash_append(
            p_workspace text, p_sequence bigint, p_type smallint, p_payload bytea, p_actor text
        ) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM partnerdash_role_users
                           WHERE workspace = p_workspace AND role = session_user
                             AND (actor = p_actor OR actor = '*')) THEN
                RAISE EXCEPTION 'role % may not act as % in workspace %', session_user, p_actor, p_workspace
                    USING ERRCODE = '42501';
            END IF;
            IF p_sequence <> (SELECT coalesce(max(sequence), 0) + 1 FROM partnerdash_journal
                              WHERE workspace = p_workspace)
               AND NOT EXISTS (SELECT 1 FROM partnerdash_journal
                               WHERE workspace = p_workspace AND sequence = p_sequence) THEN
                RAISE EXCEPTION 'sequence % is not the next one of workspace %', p_sequence, p_workspace
                    USING ERRCODE = '40001';
            END IF;
            INSERT INTO partnerdash_journal (workspace, sequence, record_type, payload, actor, appended_by)
                VALUES (p_workspace, p_sequence, p_type, p_payload, p_actor, session_user);
            PERFORM pg_notify('partnerdash_journal', p_workspace || ' ' || p_sequence);
        END
        $$;
        -- The append lock's second key: the workspace name's 32-bit FNV-1a hash, as
        -- PostgresJournal.appendLockKey computes it, so a client holding the lock and
        -- partnerdash_append_after wait for each other.
        CREATE OR REPLACE FUNCTION partnerdash_append_lock_key(p_workspace text) RETURNS integer
            LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
        DECLARE
            v_bytes bytea := convert_to(p_workspace, 'UTF8');
            v_hash bigint := 2166136261;
        BEGIN
            FOR i IN 0 .. length(v_bytes) - 1 LOOP
                v_hash := ((v_hash # get_byte(v_bytes, i)::bigint) * 16777619) & 4294967295;
            END LOOP;
            RETURN (CASE WHEN v_hash >= 2147483648 THEN v_hash - 4294967296 ELSE v_hash END)::integer;
        END
        $$;
        -- The one serialized step of an append: under the workspace's append lock (taken here,
        -- held to this transaction's end), when the journal ends at p_last, the record becomes
        -- p_last + 1 and no row is returned; else nothing is written and the rows after p_last
        -- are returned (what the writer missed: it catches up from them and decides again).
        -- The transaction commits without waiting for the WAL flush, so the lock goes at once;
        -- partnerdash_wait_for_flush, the writer's next statement, waits for it outside the lock.
        -- The actor check and the notification are partnerdash_append's.
        CREATE OR REPLACE FUNCTION partnerdash_append_after(
            p_workspace text, p_last bigint, p_type smallint, p_payload bytea, p_actor text
        ) RETURNS TABLE (missed_sequence bigint, missed_type smallint, missed_payload bytea, missed_actor text)
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE
            v_tail bigint;
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM partnerdash_role_users r
                           WHERE r.workspace = p_workspace AND r.role = session_user
                             AND (r.actor = p_actor OR r.actor = '*')) THEN
                RAISE EXCEPTION 'role % may not act as % in workspace %', session_user, p_actor, p_workspace
                    USING ERRCODE = '42501';
            END IF;
            -- Behind already: no need to wait for the lock to say so. Else the tail is read
            -- again under the lock, which another writer may have held to append.
            SELECT coalesce(max(j.sequence), 0) INTO v_tail FROM partnerdash_journal j WHERE j.workspace = p_workspace;
            IF v_tail = p_last THEN
                PERFORM pg_advisory_xact_lock(1885601793, partnerdash_append_lock_key(p_workspace));
                SELECT coalesce(max(j.sequence), 0) INTO v_tail FROM partnerdash_journal j WHERE j.workspace = p_workspace;
            END IF;
            IF v_tail > p_last THEN
                RETURN QUERY SELECT j.sequence, j.record_type, j.payload, j.actor FROM partnerdash_journal j
                             WHERE j.workspace = p_workspace AND j.sequence > p_last ORDER BY j.sequence;
                RETURN;
            END IF;
            IF v_tail < p_last THEN
                RAISE EXCEPTION 'sequence % is not the next one of workspace %', p_last + 1, p_workspace
                    USING ERRCODE = '40001';
            END IF;
            INSERT INTO partnerdash_journal (workspace, sequence, record_type, payload, actor, appended_by)
                VALUES (p_workspace, p_last + 1, p_type, p_payload, p_actor, session_user);
            PERFORM pg_notify('partnerdash_journal', p_workspace || ' ' || (p_last + 1));
            PERFORM set_config('synchronous_commit', 'off', true);
            PERFORM set_config('partnerdash.unflushed', 'on', false);
        END
        $$;
        -- Returns once this session's last append through partnerdash_append_after is on disk:
        -- a transaction that takes an id and commits synchronously; its commit record comes
        -- after the append's in the WAL, which is flushed in order. Nothing to wait for (no
        -- append since the last wait, or it was refused) costs no flush.
        CREATE OR REPLACE FUNCTION partnerdash_wait_for_flush() RETURNS void
            LANGUAGE plpgsql SET search_path = pg_catalog AS $$
        BEGIN
            IF current_setting('partnerdash.unflushed', true) = 'on' THEN
                PERFORM set_config('partnerdash.unflushed', 'off', false);
                PERFORM set_config('synchronous_commit', 'on', true);
                PERFORM pg_current_xact_id();
            END IF;
        END
        $$;
        -- Whether the login role is mapped to every actor ('*') in the workspace: the roles
        -- trusted with whole models (stored snapshots, a base row), which readers do not replay.
        CREATE OR REPLACE FUNCTION partnerdash_role_is_trusted(p_workspace text) RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
            SELECT EXISTS (SELECT 1 FROM partnerdash_role_users
                           WHERE workspace = p_workspace AND role = session_user AND actor = '*')
        $$;
        -- The first row of a workspace copied from a directory whose older records live only in a
        -- snapshot: the snapshot itself, at its sequence (record type 0, no actor). Only into an
        -- empty journal, and only by a role mapped to '*' (a reader trusts the model inside it).
        CREATE OR REPLACE FUNCTION partnerdash_append_base(
            p_workspace text, p_sequence bigint, p_snapshot bytea
        ) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        BEGIN
            IF NOT partnerdash_role_is_trusted(p_workspace) THEN
                RAISE EXCEPTION 'role % may not start the journal of workspace % from a snapshot', session_user, p_workspace
                    USING ERRCODE = '42501';
            END IF;
            IF EXISTS (SELECT 1 FROM partnerdash_journal WHERE workspace = p_workspace) THEN
                RAISE EXCEPTION 'workspace % has records already; a base snapshot can only come first', p_workspace
                    USING ERRCODE = '40001';
            END IF;
            INSERT INTO partnerdash_journal (workspace, sequence, record_type, payload, actor, appended_by)
                VALUES (p_workspace, p_sequence, 0, p_snapshot, '', session_user);
            UPDATE partnerdash_workspaces SET schema_version = greatest(schema_version, 2) WHERE name = p_workspace;
        END
        $$;
        -- Only a trusted role (mapped to every actor, '*') stores snapshots: a reader cannot
        -- check a snapshot against the records it covers without replaying them all.
        CREATE OR REPLACE FUNCTION partnerdash_store_snapshot(
            p_workspace text, p_sequence bigint, p_payload bytea
        ) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        BEGIN
            IF NOT partnerdash_role_is_trusted(p_workspace) THEN
                RAISE EXCEPTION 'role % may not store snapshots of workspace %', session_user, p_workspace
                    USING ERRCODE = '42501';
            END IF;
            INSERT INTO partnerdash_snapshots (workspace, sequence, payload)
                VALUES (p_workspace, p_sequence, p_payload) ON CONFLICT DO NOTHING;
            DELETE FROM partnerdash_snapshots WHERE workspace = p_workspace AND sequence < (
                SELECT min(sequence) FROM (SELECT sequence FROM partnerdash_snapshots WHERE workspace = p_workspace
                                           ORDER BY sequence DESC LIMIT 2) AS kept);
        END
        $$;
        REVOKE ALL ON partnerdash_journal, partnerdash_role_users, partnerdash_snapshots,
                      partnerdash_workspaces FROM PUBLIC;
        GRANT SELECT ON partnerdash_journal, partnerdash_snapshots, partnerdash_workspaces,
                        partnerdash_role_users TO PUBLIC;
        REVOKE ALL ON FUNCTION partnerdash_append(text, bigint, smallint, bytea, text) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION partnerdash_append(text, bigint, smallint, bytea, text) TO PUBLIC;
        REVOKE ALL ON FUNCTION partnerdash_append_after(text, bigint, smallint, bytea, text) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION partnerdash_append_after(text, bigint, smallint, bytea, text) TO PUBLIC;
        REVOKE ALL ON FUNCTION partnerdash_append_base(text, bigint, bytea) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION partnerdash_append_base(text, bigint, bytea) TO PUBLIC;
        REVOKE ALL ON FUNCTION partnerdash_store_snapshot(text, bigint, bytea) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION partnerdash_store_snapshot(text, bigint, bytea) TO PUBLIC;
        """
}
