import Dispatch
import Glibc
import ShopCore
import Synchronization

/// Parsing one large file on several threads, with the result a single pass gives.
///
/// 1. `segmentStarts`: cut the file into segments of a few megabytes, each starting just
///    after a line break. A cut can fall inside a quoted field that holds line breaks;
///    that is found in step 3, not guessed here.
/// 2. `readSegments`: threads take segments in turn and read each with `readSpan`, the
///    single pass's own loop, into fresh column builders that start from the load's
///    current kinds. A segment reads the records that *begin* before the next cut (the
///    last one may run past it), and says where its first record began and where the
///    first record past the cut begins.
/// 3. Check the seams in file order: segment k is right when its first record begins
///    where segment k-1 stopped. A segment that began inside a quoted field reads other
///    records, so it is read again from where the one before it stopped (on this thread),
///    and the check goes on from there. The same check carries the header to the next
///    segment when a segment held no record at all.
/// 4. Join the segments in file order. Lines and ordinals count from each segment's start
///    and are moved by what the segments before it hold; text columns' dictionaries are
///    merged in order, so every string gets the code one pass gives it. A column that a
///    segment widened (a value it could not hold), or whose impossible dates were read
///    as null (a rule that counts the values before it), or whose segments guessed
///    different kinds from an all-null start, is not joined: after the first pass it is
///    read again from the first file on (`replay`), exactly as a single pass would.
extension CSVLoader {
  /// A file this big (once inflated) is parsed in segments when there are several threads.
  static let parallelMinimumBytes = 8 << 20
  /// The smallest segment, so that joining the segments (their dictionaries above all)
  /// stays a small part of the load.
  static let segmentMinimumBytes = 2 << 20
  /// Segments per thread: several, so a thread that the machine's other work slows down
  /// leaves more segments to the others.
  static let segmentsPerThread = 8

  /// Where the segments of file `f` begin (the first at the file's start, each other one
  /// just after a line break), or nil to read the file in one pass on this thread.
  func segmentStarts(file f: Int) throws -> [Int]? {
    guard !options.strict else { return nil }
    let file = files[f]
    let range = file.range
    let size: Int
    if let forced = options.segmentBytes {
      size = max(1, forced)
    } else {
      let threads = RowChunks.threadCount(options.threads)
      guard threads > 1, range.count >= Self.parallelMinimumBytes else { return nil }
      size = max(Self.segmentMinimumBytes, range.count / (threads * Self.segmentsPerThread))
    }
    var starts = [range.lowerBound]
    var p = range.lowerBound + size
    while p < range.upperBound {
      guard let next = try lineStart(file: f, from: p) else { break }
      starts.append(next)
      p = next + size
    }
    return starts.count > 1 || options.segmentBytes != nil ? starts : nil
  }

  /// Where the line after the first line break at or after `p` begins, or nil when no line
  /// begins after `p`. A CRLF counts as one break: a cut between CR and LF would count one
  /// line twice.
  private func lineStart(file f: Int, from p: Int) throws -> Int? {
    // A small window: usually the break is a few dozen bytes on.
    let window = try files[f].window(from: p, capacity: 4096, validates: false)
    let end = window.end
    var p = p
    while p < end {
      // Look at p and the byte after it.
      if p + 1 >= window.upper, !window.isComplete {
        try window.advance(keeping: p)
        continue
      }
      let c = window.base[p]
      if c == 10 || c == 13 {
        p += c == 13 && p + 1 < end && window.base[p + 1] == 10 ? 2 : 1
        return p < end ? p : nil
      }
      p += 1
    }
    return nil
  }

  /// The first pass over file `f` in segments on several threads (see the type's notes).
  func readSegments(file f: Int, starts: [Int]) throws {
    // A column already waiting for a second pass is read again from the start anyway.
    for c in main.builders.indices where main.builders[c].needsRereading { replay.insert(c) }
    let active = main.builders.indices.filter { !replay.contains($0) }
    let limits = Array(starts.dropFirst()) + [Int.max]
    let n = starts.count
    let slots = CSVSegmentSlots(count: n)
    let threads = min(RowChunks.threadCount(options.threads), n)
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      while let k = slots.claim() {
        slots.store(
          k,
          Result {
            try self.readSegment(
              file: f, from: starts[k], limit: limits[k], atHeader: k == 0 && self.hasHeader,
              columns: active)
          })
      }
    }
    var segments: [CSVSegment] = []
    do {
      for k in 0..<n { segments.append(try slots.take(k).get()) }
    } catch is CommandCancelled {
      throw CommandCancelled()
    } catch let notUTF8 as CSVNotUTF8 {
      throw notUTF8
    } catch {
      // A later file's header that does not match: one pass finds it and says so with
      // the file's own line numbers.
      try readSpan(
        file: f, from: files[f].range.lowerBound, limit: Int.max, atHeader: hasHeader,
        into: main,
        chunk: CSVFieldChunk(columns: columnCount, capacityRows: Self.chunkRows(columns: columnCount)),
        columns: active, firstPass: true)
      return
    }

    // The seams, in file order.
    var headerPending = hasHeader
    for k in 0..<n {
      let ranWithHeader = k == 0 && hasHeader
      if k > 0,
        segments[k].ends.firstStart != segments[k - 1].ends.stopStart
          || ranWithHeader != headerPending
      {
        segments[k] = try readSegment(
          file: f, from: segments[k - 1].ends.stopStart, limit: limits[k],
          atHeader: headerPending, columns: active)
      }
      if segments[k].ends.firstStart < limits[k] { headerPending = false }
    }
    join(segments, file: f, columns: active)
  }

  /// Reads one segment into builders of its own.
  private func readSegment(
    file f: Int, from start: Int, limit: Int, atHeader: Bool, columns: [Int]
  ) throws -> CSVSegment {
    let out = CSVPassOutput(builders: main.builders.map { $0.segmentCopy() })
    let bytes = min(limit, files[f].range.upperBound) - start
    let rows = Int(Double(max(0, bytes)) * recordsPerByte * 1.1) + 16
    for c in columns { out.builders[c].reserve(rows) }
    // A small segment (in tests, a few bytes) needs no full-size chunk.
    let chunk = CSVFieldChunk(
      columns: columnCount, capacityRows: min(Self.chunkRows(columns: columnCount), max(64, rows)))
    let ends = try readSpan(
      file: f, from: start, limit: limit, atHeader: atHeader, into: out, chunk: chunk,
      columns: columns, firstPass: true)
    return CSVSegment(output: out, ends: ends)
  }

  /// Adds the segments of file `f`, in order, to the load's columns, rejects and repeated
  /// headers, with their lines and ordinals moved to the file's.
  private func join(_ segments: [CSVSegment], file f: Int, columns: [Int]) {
    // Segment k counts lines from 1 at its own start; the line where its first record
    // begins is the line where segment k-1 stopped.
    var shifts = [0]
    for k in segments.indices.dropFirst() {
      let before = segments[k - 1].ends
      shifts.append(shifts[k - 1] + before.stopLine - segments[k].ends.firstLine)
    }
    var joined: [Int] = []
    for c in columns {
      let parts = segments.map { $0.output.builders[c] }
      let known = parts.map(\.kind).filter { $0 != .unknown }
      guard parts.allSatisfy(\.readCleanly), known.allSatisfy({ $0 == known.first }) else {
        replay.insert(c)
        continue
      }
      joined.append(c)
    }
    // Columns are joined on the parsing threads too: each touches only its own builders,
    // and copying them is most of the join.
    let work = CSVJoinWork(
      builders: main.builders, segments: segments, shifts: shifts, columns: joined)
    let threads = max(1, min(RowChunks.threadCount(options.threads), joined.count))
    DispatchQueue.concurrentPerform(iterations: threads) { _ in work.run() }
    for (k, segment) in segments.enumerated() {
      let out = segment.output
      main.rejects.append(out.rejects, lineShift: shifts[k])
      main.repeatedHeaders += out.repeatedHeaders.map { m in
        var m = m
        m.line += shifts[k]
        return m
      }
      let base = main.ordinal
      main.rejectedOrdinals.formUnion(out.rejectedOrdinals.map { $0 + base })
      main.ordinal += out.ordinal
    }
  }
}

/// The columns of a file's segments to join into the load's builders, taken by threads
/// one column at a time.
final class CSVJoinWork: @unchecked Sendable {
  // Unchecked: a column's builders (the load's and each segment's) are touched only by
  // the thread that claimed the column, and the caller waits for every thread.
  private let builders: [CSVColumnBuilder]
  private let segments: [CSVSegment]
  private let shifts: [Int]
  private let columns: [Int]
  private let next = Atomic<Int>(0)

  init(builders: [CSVColumnBuilder], segments: [CSVSegment], shifts: [Int], columns: [Int]) {
    self.builders = builders
    self.segments = segments
    self.shifts = shifts
    self.columns = columns
  }

  /// Joins columns until none is left.
  func run() {
    while true {
      let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
      guard i < columns.count else { return }
      let c = columns[i]
      for (k, segment) in segments.enumerated() {
        builders[c].absorb(segment.output.builders[c], lineShift: shifts[k])
      }
    }
  }
}

/// One segment read: what it produced (lines and ordinals counted from its start) and
/// where its reading began and stopped.
struct CSVSegment {
  var output: CSVPassOutput
  var ends: CSVLoader.SpanEnds
}

/// The segments of one file: threads claim indices in turn and store each result in its
/// own slot.
final class CSVSegmentSlots: @unchecked Sendable {
  // Unchecked: a slot is written only by the thread that claimed its index, and read only
  // after `concurrentPerform` has returned, which orders every write before the reads.
  private let next = Atomic<Int>(0)
  private let count: Int
  private let slots: ChunkSlots<Result<CSVSegment, Error>>

  init(count: Int) {
    self.count = count
    slots = ChunkSlots(count: count)
  }

  /// The next segment no thread has taken yet, or nil when all are taken.
  func claim() -> Int? {
    let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
    return k < count ? k : nil
  }

  func store(_ k: Int, _ result: Result<CSVSegment, Error>) { slots.store(k, result) }

  /// Slot k's result, emptied so its memory goes once the caller is done with it.
  func take(_ k: Int) -> Result<CSVSegment, Error> { slots.take(k) ?? .failure(CommandCancelled()) }
}
