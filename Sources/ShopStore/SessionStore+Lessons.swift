/// A student's progress through lessons: where each one resumes, the time spent in it, and
/// every answer given to its exercises. Plain tables, so a teacher reads them with `sql`
/// (docs/store.md, docs/lessons.md).
extension SessionStore {
  public struct LessonProgress: Sendable, Equatable {
    public var lesson: String
    /// 1-based step the lesson resumes at.
    public var step: Int
    public var steps: Int
    public var completed: Bool
    public var seconds: Double
    /// Exercises answered correctly (not counting ones whose answer was shown).
    public var solved: Int

    public init(lesson: String, step: Int, steps: Int, completed: Bool, seconds: Double, solved: Int) {
      self.lesson = lesson
      self.step = step
      self.steps = steps
      self.completed = completed
      self.seconds = seconds
      self.solved = solved
    }
  }

  /// Every lesson this store has seen, by name.
  public func lessonProgress() throws -> [String: LessonProgress] {
    let rows = try database.query(
      """
      SELECT p.lesson, p.step, p.steps, p.completed_at IS NOT NULL, p.seconds,
        (SELECT count(DISTINCT a.step) FROM lesson_answers a WHERE a.lesson = p.lesson AND a.verdict = 'correct')
      FROM lesson_progress p
      """)
    var out: [String: LessonProgress] = [:]
    for row in rows {
      guard let name = row[0].text else { continue }
      out[name] = LessonProgress(
        lesson: name, step: Int(row[1].integer ?? 1), steps: Int(row[2].integer ?? 0),
        completed: (row[3].integer ?? 0) != 0, seconds: row[4].real, solved: Int(row[5].integer ?? 0))
    }
    return out
  }

  /// Records where a lesson stands; `seconds` is added to the time already spent.
  public func saveLessonProgress(
    lesson: String, path: String, step: Int, steps: Int, addingSeconds seconds: Double, completed: Bool
  ) throws {
    let now = Self.now()
    try database.query(
      """
      INSERT INTO lesson_progress (lesson, path, step, steps, started_at, updated_at, completed_at, seconds)
      VALUES (?1, ?2, ?3, ?4, ?5, ?5, CASE WHEN ?6 THEN ?5 END, ?7)
      ON CONFLICT(lesson) DO UPDATE SET path = ?2, step = ?3, steps = ?4, updated_at = ?5,
        completed_at = coalesce(completed_at, CASE WHEN ?6 THEN ?5 END), seconds = seconds + ?7
      """,
      [.text(lesson), .text(path), .integer(Int64(step)), .integer(Int64(steps)), .text(now),
       .integer(completed ? 1 : 0), .real(seconds)])
  }

  /// Records one answer to an exercise: `verdict` is correct, wrong, unusable or shown.
  public func recordLessonAnswer(lesson: String, step: Int, session: Int64?, answer: String, verdict: String) throws {
    try database.query(
      "INSERT INTO lesson_answers (lesson, step, session_id, answer, verdict, at) VALUES (?, ?, ?, ?, ?, ?)",
      [.text(lesson), .integer(Int64(step)), session.map { .integer($0) } ?? .null, .text(answer), .text(verdict),
       .text(Self.now())])
  }
}

extension SQLValue {
  /// A number column read as a Double (0 for null or text).
  fileprivate var real: Double {
    switch self {
    case .real(let v): return v
    case .integer(let v): return Double(v)
    default: return 0
    }
  }
}
