/// The store's schema, as named migrations applied in order and recorded in
/// `schema_migrations`. A migration, once released, never changes: add a new one.
/// docs/store.md documents every table.
enum Migrations {
  static let all: [(name: String, sql: String)] = [
    (
      "001_sessions_and_commands",
      """
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        kind TEXT NOT NULL,          -- repl | script | command | replay
        source TEXT NOT NULL         -- script path, or 'repl'
      );
      CREATE TABLE commands (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        seq INTEGER NOT NULL,        -- 1-based position in its session
        line INTEGER,                -- first line in the script, when there is one
        text TEXT NOT NULL,
        output TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,        -- running | ok | error | cancelled
        error TEXT,
        started_at TEXT NOT NULL,
        duration_ms REAL
      );
      CREATE INDEX commands_by_session ON commands(session_id, seq);
      """
    ),
    (
      "002_kept_tables",
      """
      CREATE TABLE kept_tables (
        name TEXT PRIMARY KEY,       -- also the name of the SQLite table holding the rows
        session_id INTEGER REFERENCES sessions(id),
        command_id INTEGER REFERENCES commands(id),
        rows INTEGER NOT NULL,
        columns TEXT NOT NULL,       -- "name:type" pairs, tab-separated, in order
        created_at TEXT NOT NULL
      );
      """
    ),
    (
      "003_models_and_metrics",
      """
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,          -- behavior | classifier | recommender | forecaster
        spec TEXT NOT NULL,          -- architecture and hyperparameters, JSON with sorted keys
        weights BLOB,
        trained_on TEXT,             -- data name and row count
        seed INTEGER,
        session_id INTEGER REFERENCES sessions(id),
        command_id INTEGER REFERENCES commands(id),
        created_at TEXT NOT NULL
      );
      CREATE TABLE metrics (
        id INTEGER PRIMARY KEY,
        model_id INTEGER REFERENCES models(id),
        command_id INTEGER REFERENCES commands(id),
        name TEXT NOT NULL,
        value REAL,
        split TEXT,
        created_at TEXT NOT NULL
      );
      """
    ),
    (
      "004_lessons",
      """
      CREATE TABLE lesson_progress (
        lesson TEXT PRIMARY KEY,     -- the lesson file's name without .shop
        path TEXT NOT NULL,          -- where it was last read from
        step INTEGER NOT NULL,       -- 1-based step it resumes at
        steps INTEGER NOT NULL,      -- how many steps the lesson had
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        completed_at TEXT,           -- set when the last step was passed
        seconds REAL NOT NULL DEFAULT 0  -- time spent in it, over every sitting
      );
      CREATE TABLE lesson_answers (
        id INTEGER PRIMARY KEY,
        lesson TEXT NOT NULL,
        step INTEGER NOT NULL,       -- 1-based step of the exercise
        session_id INTEGER REFERENCES sessions(id),
        answer TEXT NOT NULL,        -- what followed 'answer', or '' when the answer was shown
        verdict TEXT NOT NULL,       -- correct | wrong | unusable | shown
        at TEXT NOT NULL
      );
      CREATE INDEX lesson_answers_by_lesson ON lesson_answers(lesson, step);
      """
    ),
    (
      "005_column_images",
      """
      CREATE TABLE column_images (
        table_name TEXT NOT NULL,    -- kept_tables.name
        position INTEGER NOT NULL,   -- the column's 0-based position in the table
        chunk INTEGER NOT NULL,      -- 0, 1, ...: rows from chunk * 2^20 on; -1: a text column's dictionary
        data BLOB NOT NULL,          -- ShopLab's encoding (Sources/ShopStore/ColumnImage.swift)
        PRIMARY KEY (table_name, position, chunk)
      );
      """
    ),
  ]
}
