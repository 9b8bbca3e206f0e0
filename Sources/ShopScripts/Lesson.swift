/// A `.shop` file read as a lesson: its steps in order, each a command with the explanation
/// written above it, some of them exercises.
///
/// Any checked script is a lesson (every command a step, its comment block the explanation);
/// a few structured comments, `#? key: text`, add titles, questions, checks and hints.
/// docs/lessons.md is the teacher's description of the format.
public struct Lesson: Sendable {
  /// The file name without `.shop`: what `shoplab learn NAME` and the progress store use.
  public var name: String
  public var title: String
  public var steps: [LessonStep]
  /// Markup that could not be read, in file order; `run --check` reports each one.
  public var problems: [LessonMarkupProblem]

  public var exerciseCount: Int { steps.filter { $0.exercise != nil }.count }
}

public struct LessonStep: Sendable {
  /// From `#? step: …`; nil when the step has none.
  public var title: String?
  /// The comment block above the command, as paragraphs (a lone `#` separates them).
  public var paragraphs: [String]
  /// The command the step runs; for an exercise, the reference answer (never shown first).
  public var command: ScriptChunk
  public var exercise: Exercise?
}

/// A question the student answers with any commands they like, then `answer …`.
public struct Exercise: Sendable, Equatable {
  public var question: String
  public var check: AnswerCheck
  /// Shown one at a time, after a wrong answer or on `hint`.
  public var hints: [String]

  public init(question: String, check: AnswerCheck, hints: [String]) {
    self.question = question
    self.check = check
    self.hints = hints
  }
}

/// How an answer is judged, as the lesson file states it.
public enum AnswerCheck: Sendable, Equatable {
  /// `value N within T`: a number within T of N (the reference answer must be too).
  case value(Double, tolerance: Double)
  /// `table` / `table in any order`: a table equal to the one the reference command gives.
  case table(ordered: Bool)
}

/// A `#?` line that could not be read.
public struct LessonMarkupProblem: Sendable, Equatable, CustomStringConvertible {
  /// 1-based line in the file.
  public var line: Int
  public var message: String
  public var description: String { "line \(line): \(message)" }
}
