#include <sqlite3.h>
// SQLITE_TRANSIENT is a macro Swift cannot import.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

// A virtual table over a frame that `keep` copies from (ShopStore's KeptRowsTable.swift):
// SQLite's structs first, so a pointer to one is a pointer to the other, then ShopLab's.
typedef struct csqlite_rows_vtab {
  sqlite3_vtab base;
  void *source;
} csqlite_rows_vtab;

typedef struct csqlite_rows_cursor {
  sqlite3_vtab_cursor base;
  void *source;
  void *cells;
  sqlite3_int64 row;
  sqlite3_int64 rows;
} csqlite_rows_cursor;
