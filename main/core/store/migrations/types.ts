// The shape of one numbered, forward-only schema migration.

/** `version` is the value PRAGMA user_version holds once `sql` has run; versions run 1, 2, 3… without gaps. */
export type Migration = {
  version: number;
  name: string;
  sql: string;
};
