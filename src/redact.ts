/**
 * How providers keep credentials out of every printout: the values live in a WeakMap beside
 * the object (so no property, enumerable or not, holds them), and `toString()`, `toJSON()` and
 * `util.inspect` show only what is not secret.
 */
import { inspect } from 'util';

/** The mark printed wherever a credential would be. */
export const REDACTED = '<redacted>';

/** Private storage for the credentials of provider objects. */
export class SecretStore<T> {
  private readonly values = new WeakMap<object, T>();

  public set(owner: object, value: T): void {
    this.values.set(owner, value);
  }

  public get(owner: object): T {
    const value = this.values.get(owner);
    if (value === undefined) {
      throw new Error('this provider has no credentials (it was not created by one of its factories)');
    }
    return value;
  }
}

/** Makes `util.inspect` (console.log, jest's diffs) print `describe()` instead of the object's fields. */
export function inspectAs(prototype: object, describe: (self: any) => string): void {
  Object.defineProperty(prototype, inspect.custom, {
    value: function (this: object) {
      return describe(this);
    },
  });
}
