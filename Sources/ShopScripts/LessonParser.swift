/// Reads a `.shop` file as a lesson (see `Lesson` and docs/lessons.md).
///
/// Steps are the file's inputs, cut exactly as `shoplab run` cuts them (`ScriptChunker`), so
/// a lesson and the checked script it also is can never disagree about what a command is.
/// A step's comment block is the run of comment lines directly above its first line, up to
/// a blank line, a command or an `# expect` line.
public enum LessonParser {
  static let markupPrefix = "#?"
  static let keys: Set<String> = ["lesson", "step", "question", "check", "hint"]

  public static func parse(_ text: String, name: String) -> Lesson {
    let lines = ScriptLines.split(text)
    var problems: [LessonMarkupProblem] = []
    var title: String?
    var steps: [LessonStep] = []
    /// Markup lines that belong to a step's block; any other one is reported, since an
    /// exercise whose block a blank line cut off its command would silently vanish.
    var read = Set<Int>()
    // The lesson's title belongs to the file, not to a step: it may stand in any block.
    for (i, line) in lines.enumerated() {
      let t = trimmed(line)
      guard t.hasPrefix(markupPrefix) else { continue }
      let body = t.dropFirst(markupPrefix.count).drop { $0 == " " }
      if body.lowercased().hasPrefix("lesson:") {
        title = body.dropFirst("lesson:".count).trimmingSpaces()
        read.insert(i + 1)
      }
    }
    for chunk in ScriptChunker.chunks(of: text) {
      var block: [(line: Int, text: String)] = []
      var i = chunk.firstLine - 2
      while i >= 0, isPlainComment(lines[i]) {
        block.insert((i + 1, trimmed(lines[i])), at: 0)
        i -= 1
      }
      var step = LessonStep(title: nil, paragraphs: [], command: chunk, exercise: nil)
      var question: String?
      var check: AnswerCheck?
      var checkLine: Int?
      var hints: [String] = []
      var paragraph: [String] = []
      func endParagraph() {
        if !paragraph.isEmpty { step.paragraphs.append(paragraph.joined(separator: " ")) }
        paragraph = []
      }
      for (number, line) in block {
        guard line.hasPrefix(markupPrefix) else {
          let words = line.dropFirst().drop { $0 == " " }
          if words.isEmpty { endParagraph() } else { paragraph.append(String(words)) }
          continue
        }
        read.insert(number)
        let body = line.dropFirst(markupPrefix.count).drop { $0 == " " }
        guard let colon = body.firstIndex(of: ":") else {
          problems.append(.init(line: number, message: "a '#?' line is '#? key: text' (keys: \(keyList))"))
          continue
        }
        let key = body[..<colon].trimmingSpaces().lowercased()
        let value = body[body.index(after: colon)...].trimmingSpaces()
        switch key {
        case "lesson": _ = value  // read above, wherever it stands
        case "step": step.title = value
        case "question": question = question.map { $0 + " " + value } ?? value
        case "hint": hints.append(value)
        case "check":
          checkLine = number
          do { check = try parseCheck(value) } catch let message as CheckSyntax {
            problems.append(.init(line: number, message: message.text))
          } catch {}
        default:
          problems.append(.init(line: number, message: "unknown key '\(key)' (keys: \(keyList))"))
        }
      }
      endParagraph()
      if let question, let check {
        step.exercise = Exercise(question: question, check: check, hints: hints)
      } else if question != nil, checkLine == nil {
        problems.append(
          .init(line: chunk.firstLine, message: "this question has no '#? check:' line saying how its answer is checked"))
      } else if question == nil, let checkLine {
        problems.append(.init(line: checkLine, message: "a '#? check:' line needs a '#? question:' line in the same block"))
      }
      steps.append(step)
    }
    for (i, line) in lines.enumerated() where trimmed(line).hasPrefix(markupPrefix) && !read.contains(i + 1) {
      problems.append(
        .init(line: i + 1, message: "this '#?' line is not in the comment block directly above a command (a blank line or an '# expect' line cuts the block)"))
    }
    problems.sort { $0.line < $1.line }
    let fallback = lines.first.flatMap { isPlainComment($0) ? String(trimmed($0).dropFirst().drop { $0 == " " }) : nil }
    return Lesson(
      name: name, title: title ?? fallback.flatMap { $0.isEmpty ? nil : $0 } ?? name, steps: steps, problems: problems)
  }

  static var keyList: String { keys.sorted().joined(separator: ", ") }

  struct CheckSyntax: Error { var text: String }

  /// `value N within T`, `table`, or `table in any order`.
  static func parseCheck(_ text: String) throws -> AnswerCheck {
    let words = text.split(separator: " ").map(String.init)
    switch words.first?.lowercased() {
    case "value":
      guard words.count == 4, words[2].lowercased() == "within", let target = Double(words[1]),
        let tolerance = Double(words[3]), tolerance >= 0, target.isFinite, tolerance.isFinite
      else { throw CheckSyntax(text: "a value check is 'value N within T' (e.g. 'value 0.3243 within 0.0005'), not '\(text)'") }
      return .value(target, tolerance: tolerance)
    case "table":
      if words.count == 1 { return .table(ordered: true) }
      if words.dropFirst().map({ $0.lowercased() }) == ["in", "any", "order"] { return .table(ordered: false) }
      throw CheckSyntax(text: "a table check is 'table' or 'table in any order', not '\(text)'")
    default:
      throw CheckSyntax(text: "a check is 'value N within T', 'table' or 'table in any order', not '\(text)'")
    }
  }

  static func trimmed(_ line: String) -> String {
    String(line.drop { $0 == " " || $0 == "\t" })
  }

  /// A comment that is not an expectation (`# expect:` belongs to the command above it).
  static func isPlainComment(_ line: String) -> Bool {
    let t = trimmed(line)
    return t.hasPrefix("#") && !t.hasPrefix("# expect:") && !t.hasPrefix("# expect error:")
  }
}

extension Substring {
  fileprivate func trimmingSpaces() -> String {
    String(String(drop { $0 == " " }.reversed().drop { $0 == " " }).reversed())
  }
}
