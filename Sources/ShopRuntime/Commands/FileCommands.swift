import Foundation
import ShopCore
import ShopFrames
import ShopStore
import ShopSyntax

/// load, save, rejects, violations: tables in and out of files (and the store).
enum FileCommands {
  static let all: [Command] = [load, save, rejects, violations]

  static let load = Command(
    "load", aliases: ["read"], category: "Files",
    synopsis: "load \"PATH\" [delimiter \",\"|tab|whitespace] [header yes|no] [columns A, B, …] [types COL: TYPE, …] [keep types] [keep text] [strict]  |  load table NAME",
    summary: "read a CSV/TSV file (also .gz, and globs like \"monthly/*.csv.gz\") into a table",
    details: """
      The delimiter (comma, semicolon, tab, pipe, runs of spaces) and the header are sniffed;
      say them when the guess is wrong. Types are inferred (int, float, bool, datetime, string;
      identifiers with leading zeros stay strings); 'types Col: string' overrides one.
      A glob loads every
      matching file, in name order, and requires the same columns in each.
      A malformed row is never dropped silently: it goes to the rejects ('rejects' shows them,
      with the line number and the reason), and 'strict' makes the first one an error.
      A column that is numbers or dates except for a few values becomes text, and a warning
      names the lines; 'keep types' keeps each column's type and reads those values as null
      (listed in the rejects). Empty fields and NA, N/A, NULL, None, NaN, #N/A, - are read as
      null; 'keep text' keeps those words as written in text columns (NA may be Namibia), so
      only an empty field is null there. An impossible date in a date column (2011-02-30) is read as null,
      with a warning. Bytes that are not UTF-8 are read as Windows-1252, and the warning names their lines.
      Relative paths are relative to the script's folder (or, in the REPL, the current folder).
      'load table NAME' reads back a table stored with 'keep'.
      """,
    examples: ["let small = load table sample_orders"], input: .none
  ) { inv in
    if inv.args.keyword("table") {
      let ref = try inv.args.column("the name of a kept table")
      try inv.args.finish()
      guard let store = inv.session.store else { throw RuntimeError.invalidValue("this session has no store", at: inv.range) }
      let frame: Frame
      do {
        frame = try store.loadKept(ref.name)
      } catch StoreError.unknownTable(let name, let available) {
        // Pointed at the name, with the nearest kept one, like an unknown column.
        let diagnostic = StoreError.unknownTable(name, available: available).diagnostic
        throw Diagnostic.error(
          diagnostic.message, at: ref.range ?? inv.range, label: diagnostic.label,
          notes: available.isEmpty ? diagnostic.notes : ["'tables' lists the kept tables"])
      }
      inv.say("load: table \(ref.name), " + NumberFormat.shape(rows: frame.rowCount, columns: frame.columnCount))
      return .frame(frame)
    }
    let (path, pathRange) = try inv.args.string("a file path in quotes")
    var options = CSVOptions()
    // Where each 'types' name was written, for the caret of an unknown one.
    var typeNameRanges: [String: SourceRange] = [:]
    while !inv.args.atEnd {
      if inv.args.keyword("delimiter") || inv.args.keyword("sep") {
        options.delimiter = try delimiter(&inv.args)
      } else if inv.args.keyword("header") {
        options.hasHeader = try inv.args.expectChoice(["yes", "no"], what: "header setting") == "yes"
      } else if inv.args.keyword("columns") {
        options.columnNames = try inv.args.columns("column names", stopWords: ["types", "strict", "header", "delimiter", "keep"]).map(\.name)
      } else if inv.args.keyword("types") {
        for pair in try inv.args.keyedValues("COLUMN: TYPE") {
          guard let name = pair.expr.nameValue, let type = dataType(name) else {
            throw RuntimeError.invalidValue(
              "unknown type; expected int, float, string, bool or datetime", at: pair.expr.range)
          }
          options.types[pair.name] = type
          typeNameRanges[pair.name] = pair.nameRange
        }
      } else if inv.args.keyword("strict") {
        options.strict = true
      } else if inv.args.keyword("keep") {
        if try inv.args.expectChoice(["types", "text"], what: "thing to keep") == "text" {
          options.keepText = true
        } else {
          options.keepTypes = true
        }
      } else {
        try inv.args.finish()
      }
    }
    var isFolder: ObjCBool = false
    let resolved = inv.session.resolve(path)
    if FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder), isFolder.boolValue {
      let files = ((try? FileManager.default.contentsOfDirectory(atPath: resolved)) ?? [])
        .filter { name in [".csv", ".tsv", ".txt", ".gz", ".data"].contains { name.hasSuffix($0) } }.sorted()
      let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
      throw RuntimeError.invalidValue(
        "'\(path)' is a folder, not a file" + (files.isEmpty ? "" : "; it holds " + files.prefix(6).map { "'\(folder)/\($0)'" }.joined(separator: ", ")),
        at: pathRange)
    }
    // A device or pipe (/dev/zero, a FIFO) could be read forever: only regular files and
    // globs are loaded.
    if let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType,
      type != .typeRegular, type != .typeSymbolicLink
    {
      throw RuntimeError.invalidValue("'\(path)' is not a regular file", at: pathRange)
    }
    let result: LoadResult
    do {
      result = try CSVReader.load(resolved, options: options)
    } catch let error as CSVError {
      // Point the caret at the path the user typed.
      var diagnostic = error.diagnostic
      if case .unknownColumn(let name, _) = error, let range = typeNameRanges[name] {
        diagnostic.range = range
      }
      if diagnostic.range == nil { diagnostic.range = pathRange }
      throw diagnostic
    }
    for warning in result.warnings { inv.say("warning: \(warning)") }
    let source = result.files.count == 1 ? "\(path)" : "\(result.files.count) files (\(path))"
    var line = "load: \(NumberFormat.shape(rows: result.frame.rowCount, columns: result.frame.columnCount)) from \(source), \(result.delimiterName)-separated"
    var rejected: [String] = []
    func count(_ n: Int, _ one: String, _ many: String) -> String {
      "\(NumberFormat.grouped(n)) \(n == 1 ? one : many)"
    }
    if result.rejectedCount > 0 {
      rejected.append(count(result.rejectedCount, "malformed row", "malformed rows") + " rejected")
    }
    if result.nulledValueCount > 0 {
      rejected.append(count(result.nulledValueCount, "value", "values") + " read as null")
    }
    if !rejected.isEmpty { line += "; " + rejected.joined(separator: ", ") + " ('rejects' lists them)" }
    inv.say(line)
    inv.session.rejects = result.rejects
    return .frame(result.frame)
  }

  static func dataType(_ name: String) -> DataType? {
    switch name.lowercased() {
    case "int", "integer": return .int
    case "float", "double", "number", "real": return .float
    case "string", "str", "text": return .string
    case "bool", "boolean": return .bool
    case "datetime", "date", "timestamp", "time": return .datetime
    default: return nil
    }
  }

  static func delimiter(_ args: inout Arguments) throws -> UInt8 {
    if let word = args.keyword(oneOf: ["comma", "semicolon", "tab", "pipe", "whitespace", "space"]) {
      switch word {
      case "comma": return UInt8(ascii: ",")
      case "semicolon": return UInt8(ascii: ";")
      case "tab": return UInt8(ascii: "\t")
      case "pipe": return UInt8(ascii: "|")
      default: return UInt8(ascii: " ")
      }
    }
    let (text, range) = try args.string("a delimiter such as \";\" or tab")
    let bytes = Array((text == "\\t" ? "\t" : text).utf8)
    guard bytes.count == 1 else { throw RuntimeError.invalidValue("a delimiter is one character", at: range) }
    return bytes[0]
  }

  static let save = Command(
    "save", aliases: ["write"], category: "Files",
    synopsis: "save [TABLE] to \"PATH.csv\" | \"PATH.csv.gz\" [overwrite]",
    summary: "write a table as CSV (gzip-compressed when the name ends in .gz)",
    details: "Datetimes are written as YYYY-MM-DD HH:MM:SS, nulls as empty fields, floats exactly (shortest round-trip form). An existing file is replaced only when the command ends in 'overwrite'.",
    examples: ["orders | head 10 | save to \"/tmp/shoplab-orders-head.csv\" overwrite"], input: .frame,
    writesFiles: true
  ) { inv in
    let f = try inv.frame()
    try inv.args.expectKeyword("to")
    let file = try OutputFile.read(&inv, what: "a file name in quotes")
    try inv.args.finish()
    do {
      try CSVWriter.write(f, to: file.resolved, overwrite: file.overwrite)
    } catch let error as CSVError {
      var diagnostic = error.diagnostic
      diagnostic.range = diagnostic.range ?? file.range
      throw diagnostic
    }
    let path = file.path
    inv.say("save: wrote \(NumberFormat.shape(rows: f.rowCount, columns: f.columnCount)) to \(path)")
    return .none
  }

  static let rejects = Command(
    "rejects", category: "Files", synopsis: "rejects",
    summary: "the rows the last 'load' could not read: line number, file, reason, raw text",
    examples: ["rejects"], input: .none
  ) { inv in
    try inv.args.finish()
    guard let r = inv.session.rejects else {
      throw RuntimeError.invalidValue("nothing has been loaded yet in this session", at: inv.range)
    }
    return .frame(r)
  }

  static let violations = Command(
    "violations", category: "Files", synopsis: "violations",
    summary: "the rows that broke the rule of the last 'check'",
    examples: ["orders | check Quantity > 0 | count", "violations | count"], input: .none
  ) { inv in
    try inv.args.finish()
    guard let v = inv.session.violations else {
      throw RuntimeError.invalidValue("no 'check' has run yet in this session", at: inv.range)
    }
    return .frame(v)
  }
}
