import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that can end a session or change who its caller is announces itself on the
 * `session_events` channel (NOTIFY, delivered at commit to every instance that listens): a
 * session revoked, shortened, moved or deleted (`s:<session id>`), a user deactivated,
 * unverified, given another role or email, or deleted (`u:<user id>`), and `*` when the
 * sessions table is truncated. Instances keep a short-lived cache of live sessions and drop
 * the named entries on these events, whichever code or SQL made the change.
 */
export class SessionEvents1796186273895 implements MigrationInterface {
  name = 'SessionEvents1796186273895';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION session_events_session() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('session_events', 's:' || OLD.id::text);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION session_events_user() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('session_events', 'u:' || OLD.id::text);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION session_events_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('session_events', '*');
        RETURN NULL;
      END
      $$`);
    // Refreshes lengthen idle_expires_at and access tokens touch last_used_at: neither ends a
    // session, so neither is announced.
    await queryRunner.query(`
      CREATE TRIGGER user_sessions_session_events
        AFTER UPDATE OF revoked_at, expires_at, idle_expires_at, user_id ON user_sessions
        FOR EACH ROW
        WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
              OR NEW.expires_at < OLD.expires_at
              OR NEW.idle_expires_at < OLD.idle_expires_at
              OR NEW.user_id IS DISTINCT FROM OLD.user_id)
        EXECUTE FUNCTION session_events_session()`);
    await queryRunner.query(`
      CREATE TRIGGER user_sessions_deleted_session_events
        AFTER DELETE ON user_sessions
        FOR EACH ROW EXECUTE FUNCTION session_events_session()`);
    await queryRunner.query(`
      CREATE TRIGGER user_sessions_truncated_session_events
        AFTER TRUNCATE ON user_sessions
        FOR EACH STATEMENT EXECUTE FUNCTION session_events_all()`);
    await queryRunner.query(`
      CREATE TRIGGER users_session_events
        AFTER UPDATE OF is_active, email_verified, role, email ON users
        FOR EACH ROW
        WHEN (NEW.is_active IS DISTINCT FROM OLD.is_active
              OR NEW.email_verified IS DISTINCT FROM OLD.email_verified
              OR NEW.role IS DISTINCT FROM OLD.role
              OR NEW.email IS DISTINCT FROM OLD.email)
        EXECUTE FUNCTION session_events_user()`);
    await queryRunner.query(`
      CREATE TRIGGER users_deleted_session_events
        AFTER DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION session_events_user()`);
    await queryRunner.query(`
      CREATE TRIGGER users_truncated_session_events
        AFTER TRUNCATE ON users
        FOR EACH STATEMENT EXECUTE FUNCTION session_events_all()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER users_truncated_session_events ON users');
    await queryRunner.query('DROP TRIGGER users_deleted_session_events ON users');
    await queryRunner.query('DROP TRIGGER users_session_events ON users');
    await queryRunner.query('DROP TRIGGER user_sessions_truncated_session_events ON user_sessions');
    await queryRunner.query('DROP TRIGGER user_sessions_deleted_session_events ON user_sessions');
    await queryRunner.query('DROP TRIGGER user_sessions_session_events ON user_sessions');
    await queryRunner.query('DROP FUNCTION session_events_all()');
    await queryRunner.query('DROP FUNCTION session_events_user()');
    await queryRunner.query('DROP FUNCTION session_events_session()');
  }
}
