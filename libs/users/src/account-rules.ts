import { FieldError, invalidPhoneMessage, normalizePhone } from '@app/shared';
import { isEmail, isString, maxLength, minLength } from 'class-validator';

/**
 * The rules of a new account's fields, the one definition: registration's request body (its
 * class-validator decorators are built from these rules), an admin's new user, a password change
 * or reset (the password policy), and accounts created outside HTTP (the CLI's `create-admin`,
 * through {@link newAccountErrors}).
 */

/** Longest e-mail address (RFC 5321's path limit less the brackets), in characters; the column's width. */
export const EMAIL_MAX_LENGTH = 254;
/** The password policy: at least this many characters, no composition rules. */
export const PASSWORD_MIN_LENGTH = 8;
/** Upper bound so a huge password cannot be used to burn CPU in the hash. */
export const PASSWORD_MAX_LENGTH = 128;
/** A name: 1 to {@link NAME_MAX_LENGTH} characters (the column's width). */
export const NAME_MIN_LENGTH = 1;
export const NAME_MAX_LENGTH = 200;

/**
 * One check of one field: `test` passes acceptable values (any type may arrive), `message` says what is
 * wrong, naming the field as the caller calls it. `constraint` names the check (class-validator's
 * constraint name, so an HTTP error reads as class-validator's own). Pure.
 */
export interface FieldRule {
  constraint: string;
  test(value: unknown): boolean;
  message(field: string): string;
}

const isStringRule: FieldRule = { constraint: 'isString', test: (v) => isString(v), message: (f) => `${f} must be a string` };
const minLengthRule = (min: number): FieldRule => ({
  constraint: 'minLength',
  test: (v) => minLength(v, min),
  message: (f) => `${f} must be longer than or equal to ${min} characters`,
});
const maxLengthRule = (max: number): FieldRule => ({
  constraint: 'maxLength',
  test: (v) => maxLength(v, max),
  message: (f) => `${f} must be shorter than or equal to ${max} characters`,
});

/*
 * Each list is in the order its messages are reported (the order class-validator reported the
 * stacked decorators these rules replace): a value failing several rules gets every message.
 */

/** An e-mail address (class-validator's `isEmail`, validator.js) of at most {@link EMAIL_MAX_LENGTH} characters. */
export const EMAIL_RULES: readonly FieldRule[] = [
  maxLengthRule(EMAIL_MAX_LENGTH),
  { constraint: 'isEmail', test: (v) => isEmail(v), message: (f) => `${f} must be an email` },
];
/** The password policy: a string of {@link PASSWORD_MIN_LENGTH} to {@link PASSWORD_MAX_LENGTH} characters. */
export const PASSWORD_RULES: readonly FieldRule[] = [maxLengthRule(PASSWORD_MAX_LENGTH), minLengthRule(PASSWORD_MIN_LENGTH), isStringRule];
/** A person's or account's name: a string of {@link NAME_MIN_LENGTH} to {@link NAME_MAX_LENGTH} characters. */
export const NAME_RULES: readonly FieldRule[] = [maxLengthRule(NAME_MAX_LENGTH), minLengthRule(NAME_MIN_LENGTH), isStringRule];
/** A phone number `normalizePhone` accepts (stored in E.164, see {@link newAccountPhone}). */
export const PHONE_RULES: readonly FieldRule[] = [
  { constraint: 'isPhone', test: (v) => typeof v === 'string' && normalizePhone(v) !== null, message: invalidPhoneMessage },
];

/** A new account as given: an e-mail, a password, a name and optionally a phone. */
export interface NewAccountInput {
  email: unknown;
  password: unknown;
  name: unknown;
  /** Optional: leave it out for none (null is refused, as registration refuses it). */
  phone?: unknown;
}

/**
 * What is wrong with a new account's fields by {@link EMAIL_RULES}, {@link PASSWORD_RULES},
 * {@link NAME_RULES} and {@link PHONE_RULES}: one entry per bad field (e-mail, password, name,
 * phone, in that order), its failed rules' messages joined by `; `, as a `400 validation_failed`
 * lists them. Empty when the input is acceptable. Pure; never throws.
 */
export function newAccountErrors(input: NewAccountInput): FieldError[] {
  const errors: FieldError[] = [];
  const check = (field: string, value: unknown, rules: readonly FieldRule[]) => {
    const failed = rules.filter((r) => !r.test(value));
    if (failed.length) errors.push({ field, message: failed.map((r) => r.message(field)).join('; ') });
  };
  check('email', input.email, EMAIL_RULES);
  check('password', input.password, PASSWORD_RULES);
  check('name', input.name, NAME_RULES);
  if (input.phone === null) errors.push({ field: 'phone', message: 'phone must not be null (leave it out instead)' });
  else if (input.phone !== undefined) check('phone', input.phone, PHONE_RULES);
  return errors;
}

/** The phone a new account is stored with (E.164), as registration normalises it; null when none was given. Check {@link newAccountErrors} first. */
export function newAccountPhone(input: { phone?: string }): string | null {
  return input.phone === undefined ? null : normalizePhone(input.phone);
}

/** The form e-mails are stored and compared in (accounts, transfer recipients): trimmed, lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
