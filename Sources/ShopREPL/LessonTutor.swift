import Foundation
import ShopCore
import ShopRuntime
import ShopScripts
import ShopSyntax
import ShopStore

/// Steps a student through a lesson at the prompt: each step's explanation, then its
/// command pre-filled on the line (Enter runs it, or the student edits it first), or for an
/// exercise a question answered with `answer …` after any commands they like.
///
/// Words typed alone at the prompt steer the lesson (`next`, `back`, `again`, `hint`,
/// `skip`, `show`, `quit`, `help`); anything else is ShopLab input and runs. Progress is
/// saved in the session store after every step, so `quit` (or Ctrl-D) and a later
/// `shoplab learn NAME` resume at the same step.
public final class LessonTutor {
  public let lesson: Lesson
  let path: String
  let interpreter: Interpreter
  let reader: LineReader
  let store: SessionStore
  let out: (String) -> Void
  let err: (String) -> Void
  /// Silences the session's console while earlier steps are replayed on resume.
  let quiet: QuietSwitch
  let width: Int

  /// The step shown now (0-based).
  var index = 0
  /// Steps whose own command has run (as written), so moving on need not run it quietly.
  var ran = Set<Int>()
  /// Steps where the student has run anything: their prompt is no longer pre-filled.
  var touched = Set<Int>()
  /// Exercises settled (answered correctly or shown), and hints given per step.
  var settled = Set<Int>()
  var hintsGiven: [Int: Int] = [:]
  var sittingStarted = Date()

  public init(
    lesson: Lesson, path: String, interpreter: Interpreter, reader: LineReader, store: SessionStore,
    quiet: QuietSwitch, width: Int, out: @escaping (String) -> Void, err: @escaping (String) -> Void
  ) {
    self.lesson = lesson
    self.path = path
    self.interpreter = interpreter
    self.reader = reader
    self.store = store
    self.quiet = quiet
    self.width = max(30, width)
    self.out = out
    self.err = err
  }

  static let words = "next, back, again, hint, skip, show, quit"
  static let steeringWords: Set<String> = ["next", "back", "again", "hint", "skip", "show", "quit", "exit", "help"]

  static func isWord(_ text: String) -> Bool { steeringWords.contains(text.trimmingCharacters(in: .whitespaces)) }

  /// Runs the lesson from where the store says it stopped; returns when the student quits
  /// or passes the last step.
  public func run() {
    let saved = (try? store.lessonProgress())?[lesson.name]
    var start = 0
    if let saved, !saved.completed, saved.step > 1 { start = min(saved.step, lesson.steps.count) - 1 }
    let count = lesson.steps.count
    wrap("Lesson \(lesson.name): \(lesson.title) · \(Self.shape(lesson))").forEach(out)
    if start > 0 {
      out("Resuming at step \(start + 1); steps 1–\(start) run again quietly first.")
      replay(upTo: start)
    }
    wrap("Enter runs the command shown (edit it first if you like); Enter on an empty line goes on.").forEach(out)
    out("Words: \(Self.words).")
    index = start
    sittingStarted = Date()
    save()
    guard count > 0 else { return }
    showStep()
    var buffer: [String] = []
    while true {
      let step = lesson.steps[index]
      let fresh = buffer.isEmpty && !touched.contains(index) && step.exercise == nil
      let prompt = buffer.isEmpty ? "step \(index + 1)/\(count)> " : Repl.continuationPrompt
      let prefill = fresh ? Self.oneLine(step.command.text) : ""
      let read = fresh ? reader.readLine(prompt: prompt, prefill: prefill) : reader.readLine(prompt: prompt)
      guard var line = read else {
        out("")
        quit()
        return
      }
      // A steering word typed at a pre-filled prompt lands after the command; it still
      // steers (no command ends in 'next').
      if fresh, line.hasPrefix(prefill), Self.isWord(String(line.dropFirst(prefill.count))) {
        line = String(line.dropFirst(prefill.count))
      }
      if InterruptFlag.takePending() { buffer.removeAll() }
      buffer.append(line)
      let text = buffer.joined(separator: "\n")
      let word = text.trimmingCharacters(in: .whitespaces)
      if buffer.count == 1, let done = steer(word) {
        buffer.removeAll()
        if done { return }
        continue
      }
      if !Parser.isComplete(text) { continue }
      buffer.removeAll()
      reader.addHistory(text)
      if word.hasPrefix("answer ") || word == "answer" {
        if answer(String(word.dropFirst("answer".count)).trimmingCharacters(in: .whitespaces)) { return }
        continue
      }
      let outcome = interpreter.execute(text)
      InterruptFlag.clear()
      touched.insert(index)
      if let rendered = outcome.errorRendered { err(rendered) }
      if Self.same(text, step.command.text), outcome.status == .ok { ran.insert(index) }
    }
  }

  /// Handles a steering word; nil when the input is not one (it is ShopLab input), true when
  /// the lesson ends.
  func steer(_ word: String) -> Bool? {
    let step = lesson.steps[index]
    switch word {
    case "":
      return advance(skipping: false)
    case "next":
      return advance(skipping: false)
    case "skip":
      return advance(skipping: true)
    case "back":
      if index == 0 {
        out("This is the first step.")
      } else {
        index -= 1
        ran.remove(index)
        touched.remove(index)
        save()
        showStep()
      }
      return false
    case "again":
      ran.remove(index)
      touched.remove(index)
      showStep()
      return false
    case "hint":
      giveHint(step)
      return false
    case "show":
      guard step.exercise != nil else {
        out("This step is not a question: its command is the one at the prompt ('again' puts it back).")
        return false
      }
      out("The answer: \(Self.oneLine(step.command.text))")
      let outcome = interpreter.execute(step.command.text, name: lesson.name, firstLine: step.command.firstLine)
      if let rendered = outcome.errorRendered { err(rendered) }
      ran.insert(index)
      settled.insert(index)
      record(answer: "", verdict: "shown")
      out("Enter goes on.")
      return false
    case "quit", "exit":
      quit()
      return true
    case "help":
      out("Enter runs the command shown, or goes on when the line is empty. \(Self.words); 'answer …' answers a question.")
      return false
    default:
      return nil
    }
  }

  /// Moves to the next step (the lesson's own command runs quietly first when the student
  /// did not run it, so later steps find the names it makes); true when the lesson ends.
  func advance(skipping: Bool) -> Bool {
    let step = lesson.steps[index]
    if step.exercise != nil, !settled.contains(index), !skipping {
      out("This question is still open: 'answer …', 'hint', 'show' for the answer, or 'skip' to leave it.")
      return false
    }
    if step.exercise != nil, !settled.contains(index) { record(answer: "", verdict: "skipped") }
    if !ran.contains(index) { runQuietly(step) }
    index += 1
    if index == lesson.steps.count {
      finish()
      return true
    }
    save()
    showStep()
    return false
  }

  /// Judges `answer TEXT`: TEXT is any ShopLab input; its value is checked. True when the
  /// lesson ends (never: a right answer moves on to the next step).
  func answer(_ text: String) -> Bool {
    let step = lesson.steps[index]
    guard let exercise = step.exercise else {
      out("This step is not a question; Enter runs its command.")
      return false
    }
    guard !text.isEmpty else {
      out("'answer' takes what you found: a number, a name you bound, or a pipeline (answer raw | kpi aov); 'show' gives the lesson's answer.")
      return false
    }
    let given = interpreter.execute(text)
    InterruptFlag.clear()
    if let rendered = given.errorRendered {
      err(rendered)
      return false
    }
    var reference: Value?
    if case .table = exercise.check {
      reference = quietly { interpreter.execute(step.command.text, name: lesson.name, firstLine: step.command.firstLine) }.value
    }
    let verdict = exercise.check.judge(given.value ?? .none, reference: reference)
    // The store keeps what was typed and, when that was not the number itself ('_', a
    // pipeline), the number it gave, so a teacher reads the answer without replaying it.
    var recorded = text
    if case .value = exercise.check, Double(text) == nil, let n = AnswerCheck.number(in: given.value ?? .none) {
      recorded += " → " + AnswerCheck.plain(n)
    }
    switch verdict {
    case .correct:
      record(answer: recorded, verdict: "correct")
      settled.insert(index)
      out("Correct.")
      return advance(skipping: false)
    case .wrong(let why):
      record(answer: recorded, verdict: "wrong")
      out("Not quite: \(why).")
      giveHint(step)
    case .unusable(let why):
      record(answer: recorded, verdict: "unusable")
      out("Not an answer: \(why).")
    }
    return false
  }

  func giveHint(_ step: LessonStep) {
    guard let exercise = step.exercise else {
      out("No hint here: the step's command is at the prompt ('again' puts it back).")
      return
    }
    guard !exercise.hints.isEmpty else {
      out("This question has no hint; 'show' gives the answer.")
      return
    }
    let given = hintsGiven[index, default: 0]
    let k = min(given, exercise.hints.count - 1)
    hintsGiven[index] = given + 1
    for line in wrap("Hint: " + exercise.hints[k]) { out(line) }
  }

  /// The step's title, explanation and question, wrapped to the terminal.
  func showStep() {
    let step = lesson.steps[index]
    let kind = step.exercise != nil ? "Exercise" : nil
    let title = [step.title, kind].compactMap { $0 }.joined(separator: " · ")
    out("")
    out("── Step \(index + 1) of \(lesson.steps.count)" + (title.isEmpty ? "" : ": " + title) + " ──")
    for (i, paragraph) in step.paragraphs.enumerated() {
      if i > 0 { out("") }
      for line in wrap(paragraph) { out(line) }
    }
    if let exercise = step.exercise {
      for line in wrap("Question: " + exercise.question) { out(line) }
      out("Find it with any commands, then 'answer …' (a number, a name or a pipeline).")
    }
  }

  func wrap(_ text: String) -> [String] { LessonText.wrap(text, width: width) }

  func replay(upTo end: Int) {
    for i in 0..<end { runQuietly(lesson.steps[i]) }
  }

  func runQuietly(_ step: LessonStep) {
    let outcome = quietly { interpreter.execute(step.command.text, name: lesson.name, firstLine: step.command.firstLine) }
    if let rendered = outcome.errorRendered { err(rendered) }
  }

  func quietly<T>(_ body: () -> T) -> T {
    quiet.on = true
    defer { quiet.on = false }
    return body()
  }

  func record(answer: String, verdict: String) {
    do {
      try store.recordLessonAnswer(
        lesson: lesson.name, step: index + 1, session: interpreter.session.sessionID, answer: answer, verdict: verdict)
    } catch { err(ShopLabCLI.render(error)) }
  }

  /// Saves the current step and the time since the last save.
  func save(completed: Bool = false) {
    let now = Date()
    let seconds = now.timeIntervalSince(sittingStarted)
    sittingStarted = now
    do {
      try store.saveLessonProgress(
        lesson: lesson.name, path: path, step: min(index + 1, lesson.steps.count), steps: lesson.steps.count,
        addingSeconds: seconds, completed: completed)
    } catch { err(ShopLabCLI.render(error)) }
  }

  func quit() {
    save()
    out("Saved at step \(index + 1) of \(lesson.steps.count); 'shoplab learn \(lesson.name)' resumes here.")
  }

  func finish() {
    index = lesson.steps.count - 1
    save(completed: true)
    let solved = (try? store.lessonProgress())?[lesson.name]?.solved ?? 0
    out("")
    wrap("Lesson \(lesson.name) done: \(lesson.steps.count) steps, \(solved) of \(lesson.exerciseCount) exercises solved.").forEach(out)
  }

  /// A command on one line for the prompt: its lines joined (indented continuation lines
  /// and `|` lines read the same joined).
  static func oneLine(_ text: String) -> String {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      .joined(separator: " ")
  }

  static func same(_ a: String, _ b: String) -> Bool { oneLine(a) == oneLine(b) }

  /// "4 steps, 2 exercises", "1 step, 1 exercise".
  public static func shape(_ lesson: Lesson) -> String {
    let steps = lesson.steps.count
    let exercises = lesson.exerciseCount
    return "\(steps) step\(steps == 1 ? "" : "s"), \(exercises) exercise\(exercises == 1 ? "" : "s")"
  }
}

/// Turns the lesson's console output off while earlier steps replay.
public final class QuietSwitch: @unchecked Sendable {
  public var on = false
  public init() {}
}
