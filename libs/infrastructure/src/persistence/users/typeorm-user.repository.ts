import { Injectable } from '@nestjs/common';
import { Page, PageRequest, Role } from '@app/shared';
import { EmailTakenError, NewUser, User, UserFilter, UserPatch, UserRepository } from '@app/users';
import { DatabaseContext } from '../database-context.js';
import { escapeLike, fetchPage } from '../keyset.js';
import { isConstraintViolation, PgErrorCode } from '../pg-errors.js';
import { UserOrmEntity } from './user.orm-entity.js';

/** Maps a users row to the domain type and back. */
export const UserMapper = {
  toDomain(row: UserOrmEntity): User {
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      roles: row.roles as Role[],
      disabled: row.disabled,
      passwordHash: row.passwordHash,
      tokenVersion: row.tokenVersion,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  },
};

/** A `users` row as `SELECT *` returns it. */
interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  roles: string[];
  disabled: boolean;
  token_version: number;
  created_at: Date;
  updated_at: Date;
}

@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(private readonly db: DatabaseContext) {
    super();
  }

  private get repo() {
    return this.db.manager.getRepository(UserOrmEntity);
  }

  async create(user: NewUser): Promise<User> {
    try {
      await this.repo.insert({ ...user, roles: [...user.roles] });
    } catch (error) {
      if (isConstraintViolation(error, PgErrorCode.UniqueViolation, 'users_email_key')) throw new EmailTakenError();
      throw error;
    }
    return UserMapper.toDomain(await this.repo.findOneByOrFail({ id: user.id }));
  }

  /** Plain SQL: every authenticated request loads its user, and the query builder costs more than the query. */
  async findById(id: string): Promise<User | null> {
    const { rows } = await this.db.sql<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      roles: row.roles as Role[],
      disabled: row.disabled,
      passwordHash: row.password_hash,
      tokenVersion: row.token_version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.repo.findOneBy({ email });
    return row ? UserMapper.toDomain(row) : null;
  }

  async update(id: string, patch: UserPatch): Promise<User | null> {
    const set: Record<string, unknown> = { updatedAt: () => 'now()' };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.roles !== undefined) set.roles = [...patch.roles];
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    if (patch.passwordHash !== undefined) set.passwordHash = patch.passwordHash;
    if (patch.bumpTokenVersion) set.tokenVersion = () => 'token_version + 1';
    const result = await this.repo.createQueryBuilder().update(UserOrmEntity).set(set).where('id = :id', { id }).execute();
    return result.affected ? this.findById(id) : null;
  }

  list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    const qb = this.repo.createQueryBuilder('u');
    if (filter.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.q) qb.andWhere('(u.email ILIKE :q OR u.name ILIKE :q)', { q: `%${escapeLike(filter.q)}%` });
    return fetchPage(qb, page, UserMapper.toDomain);
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
