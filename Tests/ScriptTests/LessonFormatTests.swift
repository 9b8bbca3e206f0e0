import ShopFrames
import ShopRuntime
import ShopScripts
import XCTest

/// The lesson markup (docs/lessons.md) and how answers are judged.
final class LessonFormatTests: XCTestCase {
  let text = """
    #? lesson: Tiny
    # Intro line one
    # continues here.
    #
    # Second paragraph.
    #? step: Bind
    let x = 6 * 7
    # expect: x = 42

    # A plain step with no title.
    print x

    #? step: Guess
    #? question: What is x
    #?   question: times two?
    #? check: value 84 within 0.5
    #? hint: multiply.
    #? hint: by two.
    print x * 2
    # expect: 84
    # A block with no command under it.
    """

  func testStepsExplanationsAndExercises() {
    let lesson = LessonParser.parse(text, name: "tiny")
    XCTAssertEqual(lesson.title, "Tiny")
    XCTAssertEqual(lesson.problems, [])
    XCTAssertEqual(lesson.steps.map(\.command.text), ["let x = 6 * 7", "print x", "print x * 2"])
    XCTAssertEqual(lesson.steps.map(\.title), ["Bind", nil, "Guess"])
    XCTAssertEqual(lesson.steps[0].paragraphs, ["Intro line one continues here.", "Second paragraph."])
    XCTAssertEqual(lesson.steps[1].paragraphs, ["A plain step with no title."])
    XCTAssertEqual(
      lesson.steps[2].exercise,
      Exercise(question: "What is x times two?", check: .value(84, tolerance: 0.5), hints: ["multiply.", "by two."]))
    XCTAssertEqual(lesson.exerciseCount, 1)
  }

  func testAPlainScriptIsALessonTitledByItsFirstComment() {
    let lesson = LessonParser.parse("# Walkthrough: numbers\nprint 1\n", name: "w")
    XCTAssertEqual(lesson.title, "Walkthrough: numbers")
    XCTAssertEqual(lesson.steps.count, 1)
    XCTAssertNil(lesson.steps[0].exercise)
  }

  func testMarkupProblemsNameTheirLine() {
    let lesson = LessonParser.parse(
      "#? question: how many?\nprint 1\n#? check: value 1 within 0\nprint 2\n#? colour: red\nprint 3\n#? check: tabel\n#? question: q\nprint 4\n",
      name: "bad")
    XCTAssertEqual(lesson.problems.map(\.line), [2, 3, 5, 7])
    XCTAssertEqual(
      lesson.problems.map(\.message),
      [
        "this question has no '#? check:' line saying how its answer is checked",
        "a '#? check:' line needs a '#? question:' line in the same block",
        "unknown key 'colour' (keys: check, hint, lesson, question, step)",
        "a check is 'value N within T', 'table' or 'table in any order', not 'tabel'",
      ])
  }

  func testMarkupAwayFromACommandIsReported() {
    // The title may stand in a header block of its own; step markup may not.
    let lesson = LessonParser.parse(
      "#? lesson: T\n\n#? question: q\n#? check: table\n\nprint 1\n#? hint: trailing\n", name: "cut")
    XCTAssertEqual(lesson.title, "T")
    XCTAssertEqual(lesson.problems.map(\.line), [3, 4, 7])
    XCTAssertNil(lesson.steps[0].exercise)
  }

  func testValueChecksTakeANumberOrAOneCellTable() {
    let check = AnswerCheck.value(0.3243, tolerance: 0.0005)
    XCTAssertEqual(check.judge(.scalar(.float(0.3240)), reference: nil), .correct)
    XCTAssertEqual(check.judge(.scalar(.float(0.3250)), reference: nil), .wrong("0.325 is not it"))
    let cell = Frame(columns: [Column(name: "repeat_rate", scalars: [.float(0.3243)])])
    XCTAssertEqual(check.judge(.frame(cell), reference: nil), .correct)
    XCTAssertEqual(
      check.judge(.scalar(.string("0.3243")), reference: nil),
      .unusable("this question wants a number (or a table of one cell); that was a string"))
    XCTAssertNil(check.verifyReference(.scalar(.float(0.32431))))
    XCTAssertEqual(
      check.verifyReference(.scalar(.float(0.33))), "the reference answer gives 0.33, not within 0.0005 of 0.3243")
  }

  func testTableChecksCompareShapeNamesAndCells() {
    func table(_ names: [String], _ counts: [Int64]) -> Value {
      .frame(
        Frame(columns: [
          Column(name: "Country", scalars: names.map { .string($0) }),
          Column(name: "count", scalars: counts.map { .int($0) }),
        ]))
    }
    let reference = table(["Germany", "France"], [9495, 8557])
    XCTAssertEqual(AnswerCheck.table(ordered: true).judge(reference, reference: reference), .correct)
    XCTAssertEqual(
      AnswerCheck.table(ordered: true).judge(table(["France", "Germany"], [8557, 9495]), reference: reference),
      .wrong("the shape is right but some values (or the row order) differ"))
    XCTAssertEqual(
      AnswerCheck.table(ordered: false).judge(table(["France", "Germany"], [8557, 9495]), reference: reference),
      .correct)
    XCTAssertEqual(
      AnswerCheck.table(ordered: true).judge(table(["Germany"], [9495]), reference: reference),
      .wrong("the answer has 2 rows, yours 1"))
    XCTAssertEqual(
      AnswerCheck.table(ordered: true).judge(.scalar(.int(2)), reference: reference),
      .unusable("this question wants a table; that was a number"))
  }

  func testWrappingKeepsWordsWhole() {
    XCTAssertEqual(LessonText.wrap("one two three four", width: 9), ["one two", "three", "four"])
    XCTAssertEqual(LessonText.wrap("averylongword x", width: 5), ["averylongword", "x"])
  }
}
