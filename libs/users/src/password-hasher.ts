/** Port: password hashing (argon2id in the infrastructure lib). */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  /** False for a wrong password or a malformed hash; never throws for those. */
  abstract verify(hash: string, password: string): Promise<boolean>;
}
