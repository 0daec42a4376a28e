import type BetterSqlite3 from 'better-sqlite3';
import type { PreparedStatement } from './statements.js';

/**
 * Migration 14: languages patients' texts were asked in without a text, per template, so the
 * status page still lists them after a restart. One row per (language, template); no patient
 * data, only the tag, the template's name, a count and when it was last seen.
 */
export const languageGapsSchema = `
CREATE TABLE language_gaps (
  language   TEXT NOT NULL,
  template   TEXT NOT NULL,
  count      INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  PRIMARY KEY (language, template)
);
`;

/** The language_gaps table's statements (migration 14). */
export interface LanguageGapStatements {
  list: PreparedStatement;
  record: PreparedStatement;
}

export function prepareLanguageGapStatements(db: BetterSqlite3.Database): LanguageGapStatements {
  return {
    list: db.prepare('SELECT language, template, count, first_seen AS firstSeen, last_seen AS lastSeen FROM language_gaps ORDER BY language, template'),
    record: db.prepare(`INSERT INTO language_gaps (language, template, count, first_seen, last_seen) VALUES (@language, @template, 1, @now, @now)
      ON CONFLICT (language, template) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen`),
  };
}
