import { Injectable } from '@nestjs/common';
import { Page, PageRequest } from '@app/shared';
import { AuthUserCache, EmailTakenError, NewUser, User, UserFilter, UserPatch, UserRepository } from '@app/users';
import { DatabaseContext } from '../database-context.js';
import { escapeLike, fetchSqlPage, SqlConditions } from '../keyset.js';
import { isConstraintViolation, PgErrorCode } from '../pg-errors.js';
import { toUser, UserRow } from './user.mapper.js';

/**
 * Users in PostgreSQL, in plain SQL (every authenticated request loads its user: the query builder
 * would cost more than the query). E-mails are unique (`users_email_key`) and stored lower-cased
 * (a CHECK); every change is one statement that returns the row. A change also drops the user from
 * this process's {@link AuthUserCache} at once (the trigger's notification, at commit, tells every
 * replica).
 */
@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(
    private readonly db: DatabaseContext,
    private readonly authUsers: AuthUserCache,
  ) {
    super();
  }

  async create(user: NewUser): Promise<User> {
    try {
      const { rows } = await this.db.sql<UserRow>(
        `INSERT INTO users (id, email, name, password_hash, roles, disabled, email_verified_at, phone) VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8) RETURNING *`,
        [user.id, user.email, user.name, user.passwordHash, [...user.roles], user.disabled, user.emailVerifiedAt, user.phone],
      );
      return toUser(rows[0]!);
    } catch (error) {
      if (isConstraintViolation(error, PgErrorCode.UniqueViolation, 'users_email_key')) throw new EmailTakenError();
      throw error;
    }
  }

  async createIfAbsent(user: NewUser): Promise<{ user: User; created: boolean }> {
    const { rows } = await this.db.sql<UserRow>(
      `INSERT INTO users (id, email, name, password_hash, roles, disabled, email_verified_at, phone) VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8)
       ON CONFLICT ON CONSTRAINT users_email_key DO NOTHING RETURNING *`,
      [user.id, user.email, user.name, user.passwordHash, [...user.roles], user.disabled, user.emailVerifiedAt, user.phone],
    );
    if (rows[0]) return { user: toUser(rows[0]), created: true };
    const existing = await this.findByEmail(user.email);
    if (!existing) throw new Error(`users: ${user.email} conflicted but cannot be read`);
    return { user: existing, created: false };
  }

  async findById(id: string): Promise<User | null> {
    const { rows } = await this.db.sql<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const { rows } = await this.db.sql<UserRow>('SELECT * FROM users WHERE email = $1', [email]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async update(id: string, patch: UserPatch): Promise<User | null> {
    const params: unknown[] = [id];
    const param = (value: unknown) => `$${params.push(value)}`;
    const sets = ['updated_at = now()'];
    if (patch.name !== undefined) sets.push(`name = ${param(patch.name)}`);
    if (patch.phone !== undefined) sets.push(`phone = ${param(patch.phone)}`);
    if (patch.roles !== undefined) sets.push(`roles = ${param([...patch.roles])}::text[]`);
    if (patch.disabled !== undefined) sets.push(`disabled = ${param(patch.disabled)}`);
    if (patch.passwordHash !== undefined) sets.push(`password_hash = ${param(patch.passwordHash)}`);
    if (patch.bumpTokenVersion) sets.push('token_version = token_version + 1');
    const { rows } = await this.db.sql<UserRow>(`UPDATE users SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params);
    // The columns the notify trigger watches (phone, say, is not one).
    if (patch.name !== undefined || patch.roles !== undefined || patch.disabled !== undefined || patch.passwordHash !== undefined || patch.bumpTokenVersion) {
      this.authUsers.forget(id);
    }
    return rows[0] ? toUser(rows[0]) : null;
  }

  async markEmailVerified(id: string, email: string): Promise<User | null> {
    const { rows } = await this.db.sql<UserRow>(
      `UPDATE users SET email_verified_at = now(), updated_at = now()
        WHERE id = $1 AND email = $2 AND NOT disabled AND email_verified_at IS NULL RETURNING *`,
      [id, email],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async resetPassword(id: string, email: string, tokenVersion: number, passwordHash: string): Promise<User | null> {
    const { rows } = await this.db.sql<UserRow>(
      `UPDATE users SET password_hash = $4, email_verified_at = COALESCE(email_verified_at, now()), token_version = token_version + 1, updated_at = now()
        WHERE id = $1 AND email = $2 AND token_version = $3 AND NOT disabled RETURNING *`,
      [id, email, tokenVersion, passwordHash],
    );
    this.authUsers.forget(id);
    return rows[0] ? toUser(rows[0]) : null;
  }

  list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    const where = new SqlConditions();
    if (filter.role) where.and(`${where.param(filter.role)} = ANY(u.roles)`);
    if (filter.q) {
      const q = where.param(`%${escapeLike(filter.q)}%`);
      where.and(`(u.email ILIKE ${q} OR u.name ILIKE ${q})`);
    }
    return fetchSqlPage(this.db, 'SELECT u.* FROM users u', 'u.id', where, page, (rows: UserRow[]) => rows.map(toUser));
  }

  async lockEnabledAdmins(): Promise<string[]> {
    const { rows } = await this.db.sql<{ id: string }>(`SELECT id FROM users WHERE 'admin' = ANY(roles) AND NOT disabled ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  }

  async adminExists(): Promise<boolean> {
    const { rows } = await this.db.sql(`SELECT 1 FROM users WHERE 'admin' = ANY(roles) AND NOT disabled LIMIT 1`);
    return rows.length > 0;
  }
}
